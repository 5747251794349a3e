//! No import cycles between sibling modules, in every crate of the workspace.
//!
//! A module that names a sibling which names it back cannot be understood,
//! tested or moved on its own, and such cycles are how a lower layer ends up
//! knowing a higher one (the checkpoint store naming the orchestrator's
//! types, `state.rs` naming the commands that use it). This test reads each
//! crate's non-test sources with `syn`, resolves every `crate::`, `super::`
//! and `self::` path to the module it names, and looks for cycles among the
//! children of each module (the crate root's top-level modules, the files of
//! a folder module). The UI's own boundary is `ui/src/api/boundary.test.ts`.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// Sibling edges that close a cycle today, each with why it is still there.
/// Each must still exist (so the list cannot go stale); remove an entry when
/// its edge is gone.
const KNOWN: &[(&str, &str, &str, &str)] = &[(
    "zwarm-core",
    "engine",
    "race",
    "EngineError::Race wraps RaceError, and race's operations are Engine methods returning EngineResult; \
     inverting it changes the error type the CLI, the app and the race tests match on",
)];

type ModPath = Vec<String>;

/// One path a module names, as written (`crate::store::SessionMeta`).
struct Reference {
    from: ModPath,
    path: Vec<String>,
    file: PathBuf,
}

struct Collector<'a> {
    module: ModPath,
    file: &'a Path,
    modules: &'a mut BTreeSet<ModPath>,
    references: &'a mut Vec<Reference>,
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
    })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Every path of a `use` tree, written out (`use a::{b, c::d}` is `a::b`, `a::c::d`).
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_paths(tree, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if is_cfg_test(item_attrs(item)) {
            return;
        }
        match item {
            syn::Item::Mod(m) => {
                self.module.push(m.ident.to_string());
                if let Some((_, items)) = &m.content {
                    self.modules.insert(self.module.clone());
                    for item in items {
                        self.visit_item(item);
                    }
                }
                self.module.pop();
            }
            syn::Item::Use(u) => {
                let mut paths = Vec::new();
                use_paths(&u.tree, &mut Vec::new(), &mut paths);
                for path in paths {
                    self.reference(path);
                }
            }
            _ => syn::visit::visit_item(self, item),
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.reference(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }
}

impl Collector<'_> {
    fn reference(&mut self, path: Vec<String>) {
        self.references.push(Reference {
            from: self.module.clone(),
            path,
            file: self.file.to_path_buf(),
        });
    }
}

/// The module a source file is, from its place under `src/`.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// Files of test modules: `tests.rs`, and the `*_tests.rs` that `#[path]` names.
fn is_test_file(module: &ModPath) -> bool {
    module
        .iter()
        .any(|part| part == "tests" || part.ends_with("_tests"))
}

/// The modules a file declares `#[cfg(test)] mod name;`.
fn test_modules(module: &ModPath, syntax: &syn::File) -> Vec<ModPath> {
    syntax
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() && is_cfg_test(&m.attrs) => {
                let mut path = module.clone();
                path.push(m.ident.to_string());
                Some(path)
            }
            _ => None,
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "bin") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module `path` (as written in `from`) names, if it is one of the crate's.
fn resolve(path: &[String], from: &ModPath, modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let first = path.first()?;
    let mut absolute: ModPath = match first.as_str() {
        "crate" => path[1..].to_vec(),
        "self" => from.iter().chain(&path[1..]).cloned().collect(),
        "super" => {
            let ups = path.iter().take_while(|p| *p == "super").count();
            let mut base = from.clone();
            for _ in 0..ups {
                base.pop()?;
            }
            base.into_iter().chain(path[ups..].iter().cloned()).collect()
        }
        name => {
            let mut child = from.clone();
            child.push(name.to_string());
            if !modules.contains(&child) {
                return None;
            }
            from.iter().chain(path).cloned().collect()
        }
    };
    while !absolute.is_empty() && !modules.contains(&absolute) {
        absolute.pop();
    }
    Some(absolute)
}

/// Sibling edges `parent: a -> b`, each with the files that make it.
type Edges = BTreeMap<(ModPath, String, String), BTreeSet<PathBuf>>;

fn sibling_edges(src: &Path) -> Edges {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let has_lib = src.join("lib.rs").exists();
    let mut parsed = Vec::new();
    let mut tests = Vec::new();
    for file in files {
        let module = module_of(src, &file);
        if is_test_file(&module) || (has_lib && file == src.join("main.rs")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        tests.extend(test_modules(&module, &syntax));
        parsed.push((file, module, syntax));
    }
    let mut modules = BTreeSet::new();
    let mut references = Vec::new();
    for (file, module, syntax) in &parsed {
        if is_cfg_test(&syntax.attrs) || tests.iter().any(|t| module.starts_with(t)) {
            continue;
        }
        modules.insert(module.clone());
        let mut collector = Collector {
            module: module.clone(),
            file,
            modules: &mut modules,
            references: &mut references,
        };
        for item in &syntax.items {
            collector.visit_item(item);
        }
    }
    let mut edges = Edges::new();
    for reference in &references {
        let Some(target) = resolve(&reference.path, &reference.from, &modules) else {
            continue;
        };
        let common = reference
            .from
            .iter()
            .zip(&target)
            .take_while(|(a, b)| a == b)
            .count();
        if reference.from.len() > common && target.len() > common {
            let parent = target[..common].to_vec();
            let key = (parent, reference.from[common].clone(), target[common].clone());
            edges.entry(key).or_default().insert(reference.file.clone());
        }
    }
    edges
}

/// The cycles among siblings: each strongly connected set of more than one module.
fn cycles(edges: &Edges) -> Vec<(ModPath, Vec<String>)> {
    let mut by_parent: BTreeMap<&ModPath, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for (parent, from, to) in edges.keys() {
        by_parent
            .entry(parent)
            .or_default()
            .entry(from)
            .or_default()
            .insert(to);
    }
    let mut found = Vec::new();
    for (parent, graph) in by_parent {
        let reach = |start: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![start];
            while let Some(next) = stack.pop() {
                for to in graph.get(next).into_iter().flatten() {
                    if seen.insert(*to) {
                        stack.push(to);
                    }
                }
            }
            seen
        };
        let mut placed = BTreeSet::new();
        for &module in graph.keys() {
            if placed.contains(module) || !reach(module).contains(module) {
                continue;
            }
            let reached = reach(module);
            let set: Vec<String> = reached
                .iter()
                .filter(|other| reach(other).contains(module))
                .map(|s| s.to_string())
                .collect();
            placed.extend(set.iter().cloned());
            found.push((parent.clone(), set));
        }
    }
    found
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const CRATES: &[(&str, &str)] = &[
    ("zwarm-core", "crates/zwarm-core/src"),
    ("zwarm-llm", "crates/zwarm-llm/src"),
    ("zwarm-cli", "crates/zwarm-cli/src"),
    ("fake-llm", "crates/fake-llm/src"),
    ("zwarm-desktop", "src-tauri/src"),
];

#[test]
fn no_crate_has_an_import_cycle_between_sibling_modules() {
    let mut problems = Vec::new();
    for (name, src) in CRATES {
        let mut edges = sibling_edges(&workspace_root().join(src));
        for (krate, from, to, _why) in KNOWN.iter().filter(|k| k.0 == *name) {
            let key = (Vec::new(), from.to_string(), to.to_string());
            if edges.remove(&key).is_none() {
                problems.push(format!(
                    "{krate}: {from} -> {to} no longer exists: remove it from KNOWN"
                ));
            }
        }
        for (parent, set) in cycles(&edges) {
            let at = if parent.is_empty() {
                format!("{name} (crate root)")
            } else {
                format!("{name}::{}", parent.join("::"))
            };
            let mut lines = vec![format!("{at}: {} name each other", set.join(", "))];
            for ((p, from, to), files) in &edges {
                if p == &parent && set.contains(from) && set.contains(to) {
                    let files: Vec<String> = files
                        .iter()
                        .map(|f| f.strip_prefix(workspace_root()).unwrap_or(f).display().to_string())
                        .collect();
                    lines.push(format!("    {from} -> {to} in {}", files.join(", ")));
                }
            }
            problems.push(lines.join("\n"));
        }
    }
    assert!(problems.is_empty(), "import cycles:\n{}", problems.join("\n"));
}

#[test]
fn a_cycle_between_siblings_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(src.join("b.rs"), "pub struct B(super::a::A);\n").unwrap();
    std::fs::write(
        src.join("c.rs"),
        "use crate::a::A;\n#[cfg(test)]\nmod tests { use crate::c::*; }\n",
    )
    .unwrap();
    let found = cycles(&sibling_edges(src));
    assert_eq!(found, vec![(Vec::new(), vec!["a".to_string(), "b".to_string()])]);
}
