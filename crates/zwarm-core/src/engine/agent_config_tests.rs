use super::*;
use crate::engine::EngineSettings;

struct Fixture {
    _dir: tempfile::TempDir,
    workspace: Workspace,
    trust: TrustStore,
}

fn fixture(config: Option<&str>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    std::fs::create_dir_all(root.join(".zwarm")).unwrap();
    if let Some(text) = config {
        std::fs::write(root.join(".zwarm/config.toml"), text).unwrap();
    }
    let workspace = Workspace::open(&root).unwrap();
    let trust = TrustStore::at(dir.path().join("trust/trusted-workspaces.json"));
    Fixture {
        _dir: dir,
        workspace,
        trust,
    }
}

fn edit(adapter: Adapter, path: Option<&str>, args: &[&str]) -> AgentEdit {
    AgentEdit {
        adapter,
        path: path.map(str::to_string),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

#[test]
fn typed_values_are_saved_kept_beside_the_rest_and_trusted() {
    let f = fixture(Some(
        "# mine\n[pilot]\nmodel = \"m\"\n[claude]\nargs = [\"--max-turns\", \"3\"]\n",
    ));
    // The file's own claude args were trusted by the user before.
    let before = EngineSettings::load_trusting(&f.workspace, None)
        .unwrap()
        .config_wants;
    f.trust.trust(f.workspace.root(), &before).unwrap();

    let saved = save_agent_config(
        &f.workspace,
        Some(&f.trust),
        &edit(
            Adapter::Codex,
            Some(" /opt/codex/bin/codex "),
            &["-c", "", "x=1"],
        ),
    )
    .unwrap();
    assert_eq!(
        saved.untrusted, None,
        "the user typed them: in effect at once"
    );
    assert_eq!(
        saved.agents[0].path.as_deref(),
        Some("/opt/codex/bin/codex")
    );
    assert_eq!(saved.agents[0].args, vec!["-c", "x=1"]);
    assert_eq!(saved.agents[1].args, vec!["--max-turns", "3"]);
    let text = std::fs::read_to_string(config_path(&f.workspace)).unwrap();
    assert!(
        text.contains("# mine") && text.contains("[pilot]"),
        "{text}"
    );

    let settings = EngineSettings::load_trusting(&f.workspace, Some(&f.trust)).unwrap();
    assert!(settings.untrusted.is_none());
    assert_eq!(
        settings.codex_path.as_deref(),
        Some(Path::new("/opt/codex/bin/codex"))
    );
    assert_eq!(settings.codex_args, vec!["-c", "x=1"]);

    // Clearing removes the keys and the empty table.
    save_agent_config(
        &f.workspace,
        Some(&f.trust),
        &edit(Adapter::Codex, Some(""), &[]),
    )
    .unwrap();
    assert!(!std::fs::read_to_string(config_path(&f.workspace))
        .unwrap()
        .contains("[codex]"));
}

#[test]
fn an_edit_never_trusts_what_the_file_brought_in() {
    let f = fixture(Some("[claude]\nenv = [\"AWS_*\"]\n"));
    let saved = save_agent_config(
        &f.workspace,
        Some(&f.trust),
        &edit(Adapter::Codex, None, &["-c", "x=1"]),
    )
    .unwrap();
    let untrusted = saved
        .untrusted
        .expect("the file's own [claude] env still waits for the user");
    assert!(
        untrusted.wants.settings.iter().any(|s| s.contains("AWS_*")),
        "{untrusted:?}"
    );
    assert!(
        untrusted.wants.settings.iter().any(|s| s.contains("x=1")),
        "{untrusted:?}"
    );
    assert!(EngineSettings::load_trusting(&f.workspace, Some(&f.trust))
        .unwrap()
        .untrusted
        .is_some());
}

#[test]
fn a_relative_path_or_a_broken_file_is_refused_and_nothing_written() {
    let f = fixture(None);
    let err = save_agent_config(
        &f.workspace,
        Some(&f.trust),
        &edit(Adapter::Claude, Some("bin/claude"), &[]),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not absolute"), "{err}");
    assert!(!config_path(&f.workspace).exists());

    let broken = fixture(Some("[codex]\nargz = []\n"));
    let err = save_agent_config(
        &broken.workspace,
        Some(&broken.trust),
        &edit(Adapter::Codex, None, &["a"]),
    )
    .unwrap_err();
    assert!(err.to_string().contains("argz"), "{err}");
    assert_eq!(
        std::fs::read_to_string(config_path(&broken.workspace)).unwrap(),
        "[codex]\nargz = []\n"
    );
}

#[test]
fn reading_shows_the_files_values_and_whether_they_apply() {
    let f = fixture(Some("[codex]\npath = \"/opt/codex\"\n"));
    let read = agent_configs(&f.workspace, Some(&f.trust)).unwrap();
    assert_eq!(read.agents[0].path.as_deref(), Some("/opt/codex"));
    assert!(read.untrusted.is_some());
    assert!(read.file.ends_with(".zwarm/config.toml"));
    let empty = agent_configs(&fixture(None).workspace, None).unwrap();
    assert!(
        empty.untrusted.is_none()
            && empty
                .agents
                .iter()
                .all(|a| a.path.is_none() && a.args.is_empty())
    );
}
