//! The model a turn really used, so that the common case (no `--model`, the
//! CLI's own default) is priced like any other.
//!
//! Claude names its model in its output (`system/init`, `modelUsage`). Codex
//! does not: its model comes from the flags we passed (`-m`, `-c model=…`, a
//! `--profile`), else from its `config.toml` under `CODEX_HOME` (a top-level
//! `model`, or the model of the profile it selects), and after the turn from
//! the rollout file Codex keeps of the thread, which records the model used.

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};

/// `CODEX_HOME` as the CLI will see it: our settings' environment first, then
/// ours, then `~/.codex`.
pub(super) fn codex_home(
    settings_env: &[(String, String)],
    home: Option<&Path>,
) -> Option<PathBuf> {
    settings_env
        .iter()
        .rev()
        .find(|(k, _)| k == "CODEX_HOME")
        .map(|(_, v)| PathBuf::from(v))
        .or_else(|| std::env::var_os("CODEX_HOME").map(PathBuf::from))
        .or_else(|| home.map(|h| h.join(".codex")))
}

/// What Codex's command line says about the model: `-m`/`--model`, `-c
/// model=…`, `-p`/`--profile` and `-c profile=…`.
#[derive(Debug, Default, PartialEq, Eq)]
struct CodexFlags {
    model: Option<String>,
    profile: Option<String>,
}

fn codex_flags(args: &[String]) -> CodexFlags {
    let mut flags = CodexFlags::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next().cloned());
        match name {
            "-m" | "--model" => flags.model = value(),
            "-p" | "--profile" => flags.profile = value(),
            "-c" | "--config" => {
                if let Some((key, raw)) = value().as_deref().and_then(|v| v.split_once('=')) {
                    let parsed = toml_string(raw);
                    match key.trim() {
                        "model" => flags.model = parsed,
                        "profile" => flags.profile = parsed,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    flags
}

/// A `-c` value is TOML; Codex also takes a bare word as a string.
fn toml_string(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parsed: Option<toml::Value> = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"));
    match parsed {
        Some(toml::Value::String(s)) => Some(s),
        Some(_) => None,
        None => Some(raw.to_string()).filter(|s| !s.is_empty()),
    }
}

/// The model Codex will use for a turn started with `args`, before it runs.
pub(super) fn codex_model_before(args: &[String], codex_home: Option<&Path>) -> Option<String> {
    let flags = codex_flags(args);
    if flags.model.is_some() {
        return flags.model;
    }
    let config: toml::Table = codex_home
        .and_then(|home| std::fs::read_to_string(home.join("config.toml")).ok())
        .and_then(|text| text.parse().ok())?;
    let profile = flags
        .profile
        .or_else(|| config.get("profile")?.as_str().map(str::to_string));
    profile
        .and_then(|p| {
            config
                .get("profiles")?
                .get(&p)?
                .get("model")?
                .as_str()
                .map(str::to_string)
        })
        .or_else(|| config.get("model")?.as_str().map(str::to_string))
}

/// The model Codex recorded for `thread_id` in its rollout file, looked up in
/// the day folders (`sessions/YYYY/MM/DD/`) around `day`.
pub(super) fn codex_model_after(
    codex_home: &Path,
    thread_id: &str,
    day: NaiveDate,
) -> Option<String> {
    if thread_id.is_empty() || thread_id.contains('/') {
        return None;
    }
    let suffix = format!("-{thread_id}.jsonl");
    for offset in [0, -1, 1] {
        let date = day + Duration::days(offset);
        let dir = codex_home
            .join("sessions")
            .join(date.format("%Y").to_string())
            .join(date.format("%m").to_string())
            .join(date.format("%d").to_string());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let matches = name
                .to_str()
                .is_some_and(|n| n.starts_with("rollout-") && n.ends_with(&suffix));
            if matches {
                return last_model_in_rollout(&entry.path());
            }
        }
    }
    None
}

/// The last `model` a rollout's `turn_context` (or `session_meta`) line names.
fn last_model_in_rollout(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .rev()
        .filter(|line| line.contains("\"model\""))
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find_map(|v| {
            let kind = v.get("type")?.as_str()?;
            if kind != "turn_context" && kind != "session_meta" {
                return None;
            }
            v.get("payload")?
                .get("model")?
                .as_str()
                .filter(|m| !m.is_empty())
                .map(str::to_string)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_name_the_model_or_the_profile() {
        let f = codex_flags(&args(&["exec", "--json", "-m", "gpt-5.5", "--", "-m x"]));
        assert_eq!(f.model.as_deref(), Some("gpt-5.5"));
        let f = codex_flags(&args(&["-c", "model=\"o3\"", "exec", "--profile=fast"]));
        assert_eq!(
            (f.model.as_deref(), f.profile.as_deref()),
            (Some("o3"), Some("fast"))
        );
        let f = codex_flags(&args(&["-c", "model=gpt-5.1-codex-mini", "exec"]));
        assert_eq!(f.model.as_deref(), Some("gpt-5.1-codex-mini"));
        assert_eq!(
            codex_flags(&args(&["exec", "--", "-m", "x"])),
            CodexFlags::default()
        );
    }

    #[test]
    fn config_gives_the_default_model_or_the_selected_profiles() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            "model = \"gpt-5.5\"\n[profiles.cheap]\nmodel = \"gpt-5.1-codex-mini\"\n",
        )
        .unwrap();
        let exec = args(&["exec", "--json"]);
        assert_eq!(
            codex_model_before(&exec, Some(home.path())).as_deref(),
            Some("gpt-5.5")
        );
        let cheap = args(&["-p", "cheap", "exec"]);
        assert_eq!(
            codex_model_before(&cheap, Some(home.path())).as_deref(),
            Some("gpt-5.1-codex-mini")
        );
        let flagged = args(&["-p", "cheap", "exec", "-m", "o3"]);
        assert_eq!(
            codex_model_before(&flagged, Some(home.path())).as_deref(),
            Some("o3")
        );
        std::fs::write(
            home.path().join("config.toml"),
            "profile = \"cheap\"\n[profiles.cheap]\nmodel = \"m1\"\n",
        )
        .unwrap();
        assert_eq!(
            codex_model_before(&exec, Some(home.path())).as_deref(),
            Some("m1")
        );
        std::fs::write(home.path().join("config.toml"), "not toml [").unwrap();
        assert_eq!(codex_model_before(&exec, Some(home.path())), None);
    }

    #[test]
    fn the_rollout_names_the_model_used() {
        let home = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let dir = home.path().join("sessions/2026/12/01");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("rollout-2026-12-01T23-59-59-abc.jsonl"),
            "{\"type\":\"session_meta\",\"payload\":{\"id\":\"abc\",\"model\":\"old\"}}\n{\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5.5\"}}\nnot json\n",
        )
        .unwrap();
        assert_eq!(
            codex_model_after(home.path(), "abc", day).as_deref(),
            Some("gpt-5.5")
        );
        assert_eq!(codex_model_after(home.path(), "other", day), None);
        assert_eq!(codex_model_after(home.path(), "../x", day), None);
    }
}
