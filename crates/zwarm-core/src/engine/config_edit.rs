//! Edits to `.zwarm/config.toml` from the app (budgets, pilot defaults, the
//! agents' path and args), keeping the user's
//! comments, order and zwarm's own tables intact (toml_edit), written atomically.

use toml_edit::{DocumentMut, Item, Table};

use super::config::{config_path, ConfigError};
use crate::store::write_atomic;
use crate::workspace::Workspace;

/// Sets (`Some`) or removes (`None`) keys of one top-level table. A table
/// left empty is removed.
pub fn set_table_values(
    workspace: &Workspace,
    table: &str,
    values: &[(&str, Option<toml_edit::Value>)],
) -> Result<(), ConfigError> {
    let path = config_path(workspace);
    edit_config(workspace, |_, doc| set_in(doc, &path, table, values))
}

/// Reads the file (empty when missing) under the workspace's settings lock,
/// lets `change` edit it (it also sees the text as it was, to judge what the
/// edit changes) and writes the result atomically before the lock is let go.
pub(super) fn edit_config<T>(
    workspace: &Workspace,
    change: impl FnOnce(&str, &mut DocumentMut) -> Result<T, ConfigError>,
) -> Result<T, ConfigError> {
    let path = config_path(workspace);
    let _lock = workspace
        .settings_lock()
        .map_err(|source| ConfigError::Read {
            path: workspace.state_dir().join("settings.lock"),
            source,
        })?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    let mut doc: DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| ConfigError::Invalid {
                path: path.clone(),
                message: e.to_string(),
            })?;
    let answer = change(&text, &mut doc)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| ConfigError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_atomic(&path, doc.to_string().as_bytes())
        .map_err(|source| ConfigError::Read { path, source })?;
    Ok(answer)
}

/// Sets or removes `values` in `table` of `doc` (the text of `path`); a
/// table left empty goes.
pub(super) fn set_in(
    doc: &mut DocumentMut,
    path: &std::path::Path,
    table: &str,
    values: &[(&str, Option<toml_edit::Value>)],
) -> Result<(), ConfigError> {
    if !doc.contains_key(table) {
        doc.insert(table, Item::Table(Table::new()));
    }
    let Some(section) = doc.get_mut(table).and_then(Item::as_table_like_mut) else {
        return Err(ConfigError::Invalid {
            path: path.to_path_buf(),
            message: format!("`{table}` is not a table"),
        });
    };
    for (key, value) in values {
        match value {
            Some(value) => {
                section.insert(key, Item::Value(value.clone()));
            }
            None => {
                section.remove(key);
            }
        }
    }
    if section.is_empty() {
        doc.remove(table);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_other_tables_and_removes_empty_ones() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        std::fs::create_dir_all(workspace.state_dir()).unwrap();
        let path = config_path(&workspace);
        std::fs::write(&path, "# mine\n[executor]\nmodel = \"x\" # zwarm's\n").unwrap();
        set_table_values(
            &workspace,
            "budget",
            &[("workspace_usd", Some(12.5.into()))],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("# mine") && text.contains("model = \"x\" # zwarm's"),
            "{text}"
        );
        assert!(text.contains("[budget]\nworkspace_usd = 12.5"), "{text}");
        set_table_values(&workspace, "budget", &[("workspace_usd", None)]).unwrap();
        assert!(!std::fs::read_to_string(&path).unwrap().contains("[budget]"));
    }

    #[test]
    fn concurrent_editors_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        std::thread::scope(|scope| {
            for writer in 0..6 {
                let workspace = workspace.clone();
                scope.spawn(move || {
                    for i in 0..15 {
                        let key = format!("w{writer}_{i}");
                        set_table_values(&workspace, "budget", &[(key.as_str(), Some(1.0.into()))])
                            .unwrap();
                    }
                });
            }
        });
        let text = std::fs::read_to_string(config_path(&workspace)).unwrap();
        let doc: DocumentMut = text.parse().unwrap();
        let keys = doc["budget"].as_table().map(|t| t.len()).unwrap_or(0);
        assert_eq!(keys, 6 * 15, "every editor's key is there");
    }
}
