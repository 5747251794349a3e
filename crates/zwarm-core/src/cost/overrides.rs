//! Edits of a workspace's `.zwarm/pricing.toml` from the app's settings:
//! one `[[model]]` entry replaced, added or removed, the rest of the file
//! (comments, aliases) kept. The result is checked by parsing it on top of
//! the built-in table before it is written, so a bad edit never lands.

use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::pricing::{override_path, PriceEntry, PriceTable, PricingError};
use crate::store::write_atomic;
use crate::workspace::Workspace;

fn read_doc(path: &Path) -> Result<DocumentMut, PricingError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(PricingError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    text.parse()
        .map_err(|e: toml_edit::TomlError| PricingError::Invalid {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })
}

/// The workspace's settings lock, held across a read-modify-write.
fn lock(workspace: &Workspace) -> Result<crate::workspace::SettingsLock, PricingError> {
    workspace
        .settings_lock()
        .map_err(|source| PricingError::Read {
            path: workspace.state_dir().join("settings.lock"),
            source,
        })
}

fn same_prefix(table: &Table, prefix: &str) -> bool {
    table
        .get("prefix")
        .and_then(Item::as_str)
        .is_some_and(|p| p.trim().eq_ignore_ascii_case(prefix.trim()))
}

fn write_checked(path: &Path, doc: &DocumentMut) -> Result<(), PricingError> {
    let text = doc.to_string();
    PriceTable::embedded()?.with_overrides(&text, path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| PricingError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_atomic(path, text.as_bytes()).map_err(|source| PricingError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Adds `entry` to the workspace's overrides, replacing one with the same prefix.
pub fn save_price_override(workspace: &Workspace, entry: &PriceEntry) -> Result<(), PricingError> {
    let path = override_path(workspace);
    let _lock = lock(workspace)?;
    let mut doc = read_doc(&path)?;
    let mut table = Table::new();
    table.insert("prefix", toml_edit::value(entry.prefix.trim()));
    table.insert("input", toml_edit::value(entry.input));
    table.insert("cached_input", toml_edit::value(entry.cached_input));
    table.insert("cache_write", toml_edit::value(entry.cache_write));
    table.insert("output", toml_edit::value(entry.output));
    table.insert("as_of", toml_edit::value(entry.as_of.as_str()));
    table.insert("source", toml_edit::value(entry.source.as_str()));
    if !doc.contains_key("model") {
        doc.insert("model", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(models) = doc.get_mut("model").and_then(Item::as_array_of_tables_mut) else {
        return Err(PricingError::Invalid {
            path,
            line: 0,
            message: "`model` must be an array of tables ([[model]])".into(),
        });
    };
    let position = models.iter().position(|t| same_prefix(t, &entry.prefix));
    match position.and_then(|i| models.get_mut(i)) {
        Some(existing) => *existing = table,
        None => models.push(table),
    }
    write_checked(&path, &doc)
}

/// Removes the override with this prefix; the built-in price (if any) applies again.
pub fn remove_price_override(workspace: &Workspace, prefix: &str) -> Result<bool, PricingError> {
    let path = override_path(workspace);
    let _lock = lock(workspace)?;
    let mut doc = read_doc(&path)?;
    let Some(models) = doc.get_mut("model").and_then(Item::as_array_of_tables_mut) else {
        return Ok(false);
    };
    let before = models.len();
    models.retain(|t| !same_prefix(t, prefix));
    if models.len() == before {
        return Ok(false);
    }
    write_checked(&path, &doc)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(prefix: &str, input: f64) -> PriceEntry {
        PriceEntry {
            prefix: prefix.into(),
            input,
            cached_input: 0.1,
            cache_write: 0.0,
            output: 2.0,
            as_of: "2026-12-01".into(),
            source: "our invoice".into(),
        }
    }

    #[test]
    fn an_override_is_added_replaced_and_removed_keeping_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        std::fs::create_dir_all(workspace.state_dir()).unwrap();
        std::fs::write(
            override_path(&workspace),
            "# our prices\n[[alias]]\nalias = \"mini\"\nentry = \"gpt-5.1-codex-mini\"\n",
        )
        .unwrap();

        save_price_override(&workspace, &entry("my-local-model", 0.5)).unwrap();
        save_price_override(&workspace, &entry("My-Local-Model", 0.7)).unwrap();
        let table = PriceTable::for_workspace(&workspace).unwrap();
        assert_eq!(
            table.lookup("my-local-model-7b").map(|e| e.input),
            Some(0.7)
        );
        let text = std::fs::read_to_string(override_path(&workspace)).unwrap();
        assert!(
            text.contains("# our prices") && text.contains("alias = \"mini\""),
            "{text}"
        );
        assert_eq!(text.matches("[[model]]").count(), 1, "{text}");

        assert!(remove_price_override(&workspace, "my-local-model").unwrap());
        assert!(PriceTable::for_workspace(&workspace)
            .unwrap()
            .lookup("my-local-model")
            .is_none());
        assert!(!remove_price_override(&workspace, "my-local-model").unwrap());
    }

    #[test]
    fn a_negative_price_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        let err = save_price_override(&workspace, &entry("bad", -1.0)).unwrap_err();
        assert!(
            err.to_string().contains("prices must be 0 or more"),
            "{err}"
        );
        assert!(!override_path(&workspace).exists());
    }
}
