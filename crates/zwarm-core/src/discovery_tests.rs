use std::os::unix::fs::PermissionsExt;

use super::*;

/// Writes an executable shell script at `dir/name` printing `version`.
fn fake_cli(dir: &Path, name: &str, body: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn env(root: &Path, path_dirs: &[&str]) -> DiscoveryEnv {
    let dirs = path_dirs.iter().map(|d| root.join(d));
    DiscoveryEnv {
        path: Some(std::env::join_paths(dirs).unwrap()),
        home: Some(root.join("home")),
        npm_config_prefix: None,
        npm_prefix: NpmPrefix::Skip,
        timeout: Duration::from_secs(5),
    }
}

#[test]
fn finds_the_first_path_entry_and_its_version() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // Not executable: skipped.
    std::fs::create_dir_all(r.join("a")).unwrap();
    std::fs::write(r.join("a/codex"), "not me").unwrap();
    let want = fake_cli(&r.join("b"), "codex", "echo 'codex-cli 9.9.9'");
    fake_cli(&r.join("c"), "codex", "echo 'codex-cli 0.0.1'");

    let d = discover(CODEX, None, &env(r, &["a", "b", "c"]));
    assert_eq!(d.found.as_deref(), Some(want.as_path()));
    assert_eq!(d.version, Some(Ok("codex-cli 9.9.9".into())));
    assert_eq!(d.searched.len(), 2);
    assert_eq!(
        (d.searched[0].found, d.searched[0].kind),
        (false, PlaceKind::Path)
    );
    assert!(d.searched[1].found);
    assert_eq!(d.require().unwrap(), want.as_path());
}

#[test]
fn configured_path_is_the_only_place_looked_at() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    fake_cli(&r.join("bin"), "claude", "echo 'on path'");
    let mine = fake_cli(
        &r.join("custom"),
        "my-claude",
        "echo '2.1.330 (Claude Code)'",
    );
    let e = env(r, &["bin"]);

    let d = discover(CLAUDE, Some(&mine), &e);
    assert_eq!(d.found.as_deref(), Some(mine.as_path()));
    assert_eq!(d.version, Some(Ok("2.1.330 (Claude Code)".into())));

    let d = discover(CLAUDE, Some(&r.join("nope")), &e);
    assert_eq!(d.found, None);
    let err = d.require().unwrap_err().to_string();
    assert!(
        err.contains("configured path")
            && err.contains("Settings → Agents")
            && err.contains("[claude] in .zwarm/config.toml"),
        "{err}"
    );
}

#[test]
fn missing_cli_explains_how_to_install_it() {
    let root = tempfile::tempdir().unwrap();
    let d = discover(CODEX, None, &env(root.path(), &["empty"]));
    assert_eq!(d.found, None);
    assert_eq!(d.version, None);
    assert!(d
        .searched
        .iter()
        .any(|p| p.candidate == Path::new("/usr/local/bin/codex")));
    let err = d.require().unwrap_err().to_string();
    assert!(err.contains("npm install -g @openai/codex"), "{err}");
    // "N places" names exactly N places.
    let listed = err
        .split_once("looked (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(places, _)| places.split(", ").count())
        .unwrap_or(0);
    assert!(
        err.contains(&format!("the {} places", d.searched.len())) && listed == d.searched.len(),
        "{err}"
    );
    assert!(err.contains("/usr/local/bin"), "{err}");
    assert!(
        err.contains("Settings → Agents (or `path` under [codex]"),
        "{err}"
    );
    let err = discover(CLAUDE, None, &env(root.path(), &[]))
        .require()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("npm install -g @anthropic-ai/claude-code"),
        "{err}"
    );
}

#[test]
fn home_places_and_newest_nvm_come_after_path() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let nvm = r.join("home/.nvm/versions/node");
    fake_cli(&nvm.join("v9.0.0/bin"), "claude", "echo old");
    let newest = fake_cli(&nvm.join("v22.11.0/bin"), "claude", "echo new");
    fake_cli(&nvm.join("v20.1.0/bin"), "claude", "echo mid");
    let e = env(r, &[]);

    let dirs: Vec<PathBuf> = search_dirs(&e).into_iter().map(|(d, _)| d).collect();
    let home = r.join("home");
    let pos = |p: &Path| dirs.iter().position(|d| d == p).unwrap();
    assert!(pos(&home.join(".local/bin")) < pos(&home.join(".npm-global/bin")));
    assert!(pos(&home.join(".bun/bin")) < pos(Path::new("/usr/local/bin")));
    assert!(pos(&nvm.join("v22.11.0/bin")) < pos(&nvm.join("v20.1.0/bin")));
    assert!(pos(&nvm.join("v20.1.0/bin")) < pos(&nvm.join("v9.0.0/bin")));

    let d = discover(CLAUDE, None, &e);
    assert_eq!(d.found.as_deref(), Some(newest.as_path()));
    assert_eq!(d.version, Some(Ok("new".into())));
}

#[test]
fn npm_prefixes_are_searched() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let known = fake_cli(&r.join("known/bin"), "codex", "echo known");
    let e = DiscoveryEnv {
        npm_prefix: NpmPrefix::Known(r.join("known")),
        ..env(r, &[])
    };
    assert_eq!(
        discover(CODEX, None, &e).found.as_deref(),
        Some(known.as_path())
    );

    let from_env = fake_cli(&r.join("cfg/bin"), "codex", "echo cfg");
    let e = DiscoveryEnv {
        npm_config_prefix: Some(r.join("cfg")),
        ..e
    };
    assert_eq!(
        discover(CODEX, None, &e).found.as_deref(),
        Some(from_env.as_path())
    );

    // `npm prefix -g` answered by a fake npm on PATH.
    let asked = fake_cli(&r.join("global/bin"), "claude", "echo asked");
    fake_cli(
        &r.join("tools"),
        "npm",
        &format!("echo '{}'", r.join("global").display()),
    );
    let e = DiscoveryEnv {
        npm_prefix: NpmPrefix::Ask,
        ..env(r, &["tools"])
    };
    let d = discover(CLAUDE, None, &e);
    assert_eq!(d.found.as_deref(), Some(asked.as_path()));
    assert!(d
        .searched
        .iter()
        .any(|p| p.kind == PlaceKind::NpmGlobalPrefix && p.found));
}

#[test]
fn a_hanging_version_is_cut_off() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // Without `exec`: the killed shell leaves `sleep` holding stdout open.
    fake_cli(&r.join("bin"), "codex", "/bin/sleep 30");
    let e = DiscoveryEnv {
        timeout: Duration::from_millis(200),
        ..env(r, &["bin"])
    };
    let started = Instant::now();
    let d = discover(CODEX, None, &e);
    assert!(d.found.is_some());
    assert!(
        matches!(&d.version, Some(Err(e)) if e.contains("did not answer")),
        "{:?}",
        d.version
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn version_sees_the_cli_directory_on_path() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    // Like an nvm install: the launcher needs a sibling `node` via PATH.
    fake_cli(&r.join("nvm/bin"), "fakenode", "echo 'from sibling'");
    let cli = fake_cli(&r.join("nvm/bin"), "codex", "fakenode");
    let d = discover(CODEX, Some(&cli), &env(r, &["empty"]));
    assert_eq!(d.version, Some(Ok("from sibling".into())));
}
