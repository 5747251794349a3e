//! The price table: which model costs what, and where that figure came from.
//!
//! Prices are data, not code (`data/pricing.toml`, embedded at build time), so
//! they can be reviewed and corrected without touching the arithmetic, and a
//! workspace can replace or add entries in `.zwarm/pricing.toml` when its
//! provider bills differently or a model is newer than this build.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::workspace::Workspace;

/// The built-in table. Its parsing is covered by tests, but it is still loaded
/// through the fallible path so that a bad edit surfaces as an error, not a panic.
pub(crate) const EMBEDDED_TOML: &str = include_str!("../../data/pricing.toml");

/// How the built-in table is named in errors.
pub const EMBEDDED_ORIGIN: &str = "<built-in data/pricing.toml>";

/// Name of a workspace's override file inside its `.zwarm/` folder.
pub const OVERRIDE_FILE_NAME: &str = "pricing.toml";

/// Prices of one model family, in USD per million tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct PriceEntry {
    /// Model names starting with this (case-insensitive) use these prices.
    pub prefix: String,
    /// Prompt tokens neither read from nor written to the cache.
    pub input: f64,
    /// Prompt tokens read from the cache.
    pub cached_input: f64,
    /// Prompt tokens written to the cache (0 for providers that do not bill them apart).
    pub cache_write: f64,
    /// Completion tokens, reasoning included.
    pub output: f64,
    /// Date the prices were recorded, so a stale figure is visible as such.
    pub as_of: String,
    /// Where the prices come from (URL or document name).
    pub source: String,
}

/// A short model name priced as another entry (`opus` → `claude-opus-5`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlias {
    alias: String,
    entry: String,
}

/// One price file as written, with source positions kept for error messages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    model: Vec<toml::Spanned<PriceEntry>>,
    #[serde(default)]
    alias: Vec<toml::Spanned<RawAlias>>,
}

/// Why a price file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PricingError {
    #[error("cannot read price file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid price file {path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Model prices, looked up by the longest matching model-name prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PriceTable {
    entries: Vec<PriceEntry>,
    /// `(alias, entry prefix)`, both lowercase.
    aliases: Vec<(String, String)>,
    /// The entry prefixes an override file set, in its order.
    overridden: Vec<String>,
}

impl PriceTable {
    /// The table shipped with zwarm.
    pub fn embedded() -> Result<Self, PricingError> {
        let mut table =
            Self::default().with_overrides(EMBEDDED_TOML, Path::new(EMBEDDED_ORIGIN))?;
        table.overridden.clear();
        Ok(table)
    }

    /// The built-in table, with `<workspace>/.zwarm/pricing.toml` applied when it exists.
    pub fn for_workspace(workspace: &Workspace) -> Result<Self, PricingError> {
        let table = Self::embedded()?;
        let path = override_path(workspace);
        match std::fs::read_to_string(&path) {
            Ok(text) => table.with_overrides(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(table),
            Err(source) => Err(PricingError::Read { path, source }),
        }
    }

    /// Applies a price file on top of this table: an entry or alias whose
    /// prefix is already known replaces the old one, others are added.
    /// `origin` only names the file in errors.
    pub fn with_overrides(mut self, text: &str, origin: &Path) -> Result<Self, PricingError> {
        let invalid = |offset: usize, message: String| PricingError::Invalid {
            path: origin.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })?;

        let mut seen: Vec<String> = Vec::new();
        let mut check_key = |key: &str, offset: usize| {
            let key = normalize(key);
            if key.is_empty() {
                return Err(invalid(offset, "empty model prefix".into()));
            }
            if seen.contains(&key) {
                return Err(invalid(
                    offset,
                    format!("\"{key}\" is defined twice in this file"),
                ));
            }
            seen.push(key.clone());
            Ok(key)
        };

        for spanned in &raw.model {
            let offset = spanned.span().start;
            let entry = spanned.get_ref();
            let key = check_key(&entry.prefix, offset)?;
            if let Some((name, bad)) = entry
                .prices()
                .into_iter()
                .find(|(_, p)| !p.is_finite() || *p < 0.0)
            {
                return Err(invalid(
                    offset,
                    format!("{name} price of \"{key}\" is {bad}; prices must be 0 or more"),
                ));
            }
            self.remove_key(&key);
            self.overridden.push(key.clone());
            self.entries.push(PriceEntry {
                prefix: key,
                ..entry.clone()
            });
        }
        for spanned in &raw.alias {
            let key = check_key(&spanned.get_ref().alias, spanned.span().start)?;
            self.remove_key(&key);
            self.aliases
                .push((key, normalize(&spanned.get_ref().entry)));
        }
        // Aliases are checked once the whole file is applied, so that a file may
        // name an entry it defines further down, and so that an earlier alias
        // whose entry this file turned into an alias is caught too.
        for (alias, target) in &self.aliases {
            if !self.entries.iter().any(|e| &e.prefix == target) {
                let offset = raw
                    .alias
                    .iter()
                    .find(|s| normalize(&s.get_ref().alias) == *alias)
                    .map_or(0, |s| s.span().start);
                return Err(invalid(
                    offset,
                    format!("alias \"{alias}\" names \"{target}\", which is not a model prefix"),
                ));
            }
        }
        Ok(self)
    }

    /// The entry pricing `model`: the longest prefix (or alias) that matches it,
    /// ignoring case and a provider prefix such as `openai/`. `None` means the
    /// model is unknown, which callers must show as unpriced, never as free.
    ///
    /// A prefix only matches up to a name boundary: `gpt-5` prices `gpt-5-mini`
    /// or `gpt-5.4` but not a hypothetical `gpt-50`.
    pub fn lookup(&self, model: &str) -> Option<&PriceEntry> {
        let name = normalize(model);
        let entry_keys = self
            .entries
            .iter()
            .map(|e| (e.prefix.as_str(), e.prefix.as_str()));
        let alias_keys = self
            .aliases
            .iter()
            .map(|(a, target)| (a.as_str(), target.as_str()));
        let (_, target) = entry_keys
            .chain(alias_keys)
            .filter(|(key, _)| matches_prefix(&name, key))
            .max_by_key(|(key, _)| key.len())?;
        self.entries.iter().find(|e| e.prefix == target)
    }

    /// All entries, in file order (built-in first, then additions from overrides).
    pub fn entries(&self) -> &[PriceEntry] {
        &self.entries
    }

    /// The prefixes a workspace's `.zwarm/pricing.toml` sets, whether they
    /// replace a built-in entry (even with the same prices) or add one.
    pub fn overridden(&self) -> &[String] {
        &self.overridden
    }

    fn remove_key(&mut self, key: &str) {
        self.entries.retain(|e| e.prefix != key);
        self.aliases.retain(|(alias, _)| alias != key);
        self.overridden.retain(|k| k != key);
    }
}

impl PriceEntry {
    fn prices(&self) -> [(&'static str, f64); 4] {
        [
            ("input", self.input),
            ("cached_input", self.cached_input),
            ("cache_write", self.cache_write),
            ("output", self.output),
        ]
    }
}

/// `<workspace>/.zwarm/pricing.toml`.
pub fn override_path(workspace: &Workspace) -> PathBuf {
    workspace.state_dir().join(OVERRIDE_FILE_NAME)
}

/// Lowercase model name without a provider prefix (`openai/gpt-5` → `gpt-5`).
fn normalize(model: &str) -> String {
    let bare = model.rsplit('/').next().unwrap_or(model);
    bare.trim().to_lowercase()
}

fn matches_prefix(name: &str, key: &str) -> bool {
    name.strip_prefix(key)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
}

/// 1-based line of a byte offset, for error messages.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
