use std::path::Path;

use crate::cost::pricing::{override_path, PriceTable, PricingError, EMBEDDED_ORIGIN};
use crate::workspace::Workspace;

fn embedded() -> PriceTable {
    match PriceTable::embedded() {
        Ok(table) => table,
        Err(e) => panic!("built-in price table does not load: {e}"),
    }
}

fn entry_for(table: &PriceTable, model: &str) -> Option<String> {
    table.lookup(model).map(|e| e.prefix.clone())
}

#[test]
fn embedded_table_parses_with_every_entry_sourced_and_dated() {
    let table = embedded();
    assert_eq!(table.entries().len(), 12);
    for e in table.entries() {
        assert_eq!(e.as_of, "2026-11-01", "{}", e.prefix);
        assert!(
            e.source.contains("verify before relying on it"),
            "{}",
            e.prefix
        );
    }
    let opus5 = table
        .lookup("claude-opus-5")
        .map(|e| (e.input, e.cached_input, e.cache_write, e.output));
    assert_eq!(opus5, Some((5.0, 0.5, 6.25, 25.0)));
}

#[test]
fn longest_prefix_wins_whatever_the_file_order() {
    let table = embedded();
    assert_eq!(
        entry_for(&table, "gpt-5.1-codex-max").as_deref(),
        Some("gpt-5.1-codex-max")
    );
    assert_eq!(
        entry_for(&table, "gpt-5.1-codex-mini").as_deref(),
        Some("gpt-5.1-codex-mini")
    );
    assert_eq!(
        entry_for(&table, "gpt-5.1-codex").as_deref(),
        Some("gpt-5.1-codex")
    );
    assert_eq!(
        entry_for(&table, "gpt-5.2-codex").as_deref(),
        Some("gpt-5.2-codex")
    );
    assert_eq!(entry_for(&table, "gpt-5.2").as_deref(), Some("gpt-5.2"));
    assert_eq!(
        entry_for(&table, "gpt-5-mini").as_deref(),
        Some("gpt-5-mini")
    );
    assert_eq!(entry_for(&table, "gpt-5").as_deref(), Some("gpt-5"));
    assert_eq!(
        entry_for(&table, "claude-opus-4-1-20250805").as_deref(),
        Some("claude-opus-4")
    );
    assert_eq!(
        entry_for(&table, "claude-opus-5-5").as_deref(),
        Some("claude-opus-5")
    );
}

#[test]
fn longest_prefix_wins_when_general_entries_come_first() {
    // zwarm (Python) took the first matching prefix; with general entries first
    // that priced every gpt-5.x model as gpt-5.
    let entry = |prefix: &str| {
        format!("[[model]]\nprefix = \"{prefix}\"\ninput = 1.0\ncached_input = 0.1\ncache_write = 0.0\noutput = 2.0\nas_of = \"d\"\nsource = \"s\"\n")
    };
    let text = ["gpt-5", "gpt-5.1-codex", "gpt-5.1-codex-max"]
        .map(entry)
        .join("\n");
    let table = PriceTable::default()
        .with_overrides(&text, Path::new("general-first.toml"))
        .expect("parses");
    assert_eq!(
        entry_for(&table, "gpt-5.1-codex-max").as_deref(),
        Some("gpt-5.1-codex-max")
    );
    assert_eq!(
        entry_for(&table, "gpt-5.1-codex").as_deref(),
        Some("gpt-5.1-codex")
    );
    assert_eq!(entry_for(&table, "gpt-5.1").as_deref(), Some("gpt-5"));
}

#[test]
fn lookup_ignores_case_and_provider_prefix_and_resolves_aliases() {
    let table = embedded();
    assert_eq!(
        entry_for(&table, "OpenAI/GPT-5.5").as_deref(),
        Some("gpt-5.5")
    );
    assert_eq!(
        entry_for(&table, "anthropic/claude-sonnet-4-5").as_deref(),
        Some("claude-sonnet-4")
    );
    assert_eq!(entry_for(&table, "opus").as_deref(), Some("claude-opus-5"));
    assert_eq!(
        entry_for(&table, "sonnet").as_deref(),
        Some("claude-sonnet-4")
    );
    assert_eq!(
        entry_for(&table, "Haiku").as_deref(),
        Some("claude-haiku-4")
    );
}

#[test]
fn unknown_models_and_non_boundary_prefixes_find_nothing() {
    let table = embedded();
    assert_eq!(entry_for(&table, "llama-3-70b"), None);
    assert_eq!(entry_for(&table, ""), None);
    assert_eq!(entry_for(&table, "gpt-50"), None);
    assert_eq!(entry_for(&table, "opusplan"), None);
}

fn workspace_with_override(text: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".zwarm")).expect("state dir");
    std::fs::write(dir.path().join(".zwarm/pricing.toml"), text).expect("override file");
    let ws = Workspace::open(dir.path()).expect("workspace");
    (dir, ws)
}

const OVERRIDE: &str = r#"
[[model]]
prefix = "gpt-5.5"
input = 2.0
cached_input = 0.2
cache_write = 0.0
output = 16.0
as_of = "2026-12-01"
source = "our invoice"

[[model]]
prefix = "local-coder"
input = 0.0
cached_input = 0.0
cache_write = 0.0
output = 0.0
as_of = "2026-12-01"
source = "runs on our own GPU"

[[alias]]
alias = "coder"
entry = "local-coder"
"#;

#[test]
fn workspace_override_replaces_and_adds_entries() {
    let (_dir, ws) = workspace_with_override(OVERRIDE);
    let table = PriceTable::for_workspace(&ws).expect("override loads");
    let gpt55 = table.lookup("gpt-5.5").expect("gpt-5.5 priced");
    assert_eq!(
        (gpt55.input, gpt55.output, gpt55.source.as_str()),
        (2.0, 16.0, "our invoice")
    );
    assert_eq!(
        table
            .entries()
            .iter()
            .filter(|e| e.prefix == "gpt-5.5")
            .count(),
        1
    );
    assert_eq!(
        entry_for(&table, "local-coder-7b").as_deref(),
        Some("local-coder")
    );
    assert_eq!(entry_for(&table, "coder").as_deref(), Some("local-coder"));
    assert_eq!(
        entry_for(&table, "gpt-5.2").as_deref(),
        Some("gpt-5.2"),
        "untouched entries stay"
    );
    assert_eq!(table.entries().len(), 13);
}

#[test]
fn every_prefix_the_override_file_sets_is_listed_even_at_the_built_in_price() {
    let builtin = embedded();
    assert!(
        builtin.overridden().is_empty(),
        "nothing overrides the built-in table"
    );
    let same = builtin.lookup("gpt-5.2").expect("a built-in entry").clone();
    let text = format!(
        "{OVERRIDE}\n[[model]]\nprefix = \"GPT-5.2\"\ninput = {:?}\ncached_input = {:?}\ncache_write = {:?}\noutput = {:?}\nas_of = {:?}\nsource = {:?}\n",
        same.input, same.cached_input, same.cache_write, same.output, same.as_of, same.source
    );
    let (_dir, ws) = workspace_with_override(&text);
    let table = PriceTable::for_workspace(&ws).expect("override loads");
    assert_eq!(table.lookup("gpt-5.2"), Some(&same), "the same prices");
    assert_eq!(table.overridden(), ["gpt-5.5", "local-coder", "gpt-5.2"]);
}

#[test]
fn workspace_without_override_uses_the_built_in_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ws = Workspace::open(dir.path()).expect("workspace");
    assert_eq!(PriceTable::for_workspace(&ws).expect("loads"), embedded());
}

fn override_error(text: &str) -> (String, std::path::PathBuf) {
    let (_dir, ws) = workspace_with_override(text);
    let path = override_path(&ws);
    match PriceTable::for_workspace(&ws) {
        Ok(_) => panic!("override should be rejected:\n{text}"),
        Err(e @ PricingError::Invalid { .. }) => (e.to_string(), path),
        Err(e) => panic!("expected Invalid, got {e}"),
    }
}

#[test]
fn malformed_override_names_the_file_and_line() {
    let (message, path) = override_error("[[model]]\nprefix = \"x\"\ninput = oops\n");
    assert!(
        message.starts_with(&format!("invalid price file {}:3: ", path.display())),
        "{message}"
    );
}

#[test]
fn override_missing_a_price_is_rejected_not_priced_at_zero() {
    let text = "\n[[model]]\nprefix = \"x\"\ninput = 1.0\ncached_input = 0.1\noutput = 2.0\nas_of = \"d\"\nsource = \"s\"\n";
    let (message, path) = override_error(text);
    assert!(
        message.starts_with(&format!("invalid price file {}:2: ", path.display())),
        "{message}"
    );
    assert!(message.contains("cache_write"), "{message}");
}

#[test]
fn override_with_negative_price_typo_or_dangling_alias_is_rejected() {
    let negative = OVERRIDE.replace("input = 2.0", "input = -2.0");
    assert!(override_error(&negative)
        .0
        .contains("prices must be 0 or more"));
    let typo = OVERRIDE.replace("[[alias]]", "[[aliases]]");
    assert!(override_error(&typo).0.contains("aliases"));
    let (message, path) = override_error("[[alias]]\nalias = \"fast\"\nentry = \"nope\"\n");
    assert!(
        message.starts_with(&format!("invalid price file {}:1: ", path.display())),
        "{message}"
    );
    assert!(message.contains("\"nope\""), "{message}");
}

#[test]
fn duplicate_prefix_in_one_file_is_rejected() {
    let text = format!("{OVERRIDE}\n[[alias]]\nalias = \"GPT-5.5\"\nentry = \"local-coder\"\n");
    assert!(override_error(&text).0.contains("defined twice"));
}

#[test]
fn embedded_origin_is_named_in_its_own_errors() {
    let err = PriceTable::default().with_overrides("[[model]]\n", Path::new(EMBEDDED_ORIGIN));
    assert!(err.is_err_and(|e| e
        .to_string()
        .starts_with(&format!("invalid price file {EMBEDDED_ORIGIN}:1: "))));
}
