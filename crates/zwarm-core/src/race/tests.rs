//! Races on real git repositories in temporary folders, with `/bin/sh`
//! scripts standing in for the CLIs: each writes a file in the folder it
//! runs in, then prints a recorded turn.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::*;
use crate::engine::{Engine, EngineError, EngineSettings};
use crate::events::FileChangeKind;
use crate::store::{SessionMeta, SessionStatus};
use crate::workspace::Workspace;

/// Only keeps a broken build from hanging: every wait is on a condition.
const DEADLINE: Duration = Duration::from_secs(30);

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

/// An executable script in `dir` running `body`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    engine: Engine,
}

/// A repository on `main` whose stand-in Codex writes `out.txt` saying
/// "codex" and whose stand-in Claude writes `out.txt` saying "claude" and
/// `notes.md`.
fn fixture_repo() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("project");
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(root.join("README.md"), "hello\n").unwrap();
    std::fs::write(root.join(".gitignore"), ".zwarm/\n").unwrap();
    git(&root, &["add", "."]);
    git(&root, &["commit", "--quiet", "-m", "first"]);
    let codex = script(
        dir.path(),
        "codex",
        &format!("echo codex > out.txt\ncat '{}'", fixture("codex/turn1.jsonl").display()),
    );
    let claude = script(
        dir.path(),
        "claude",
        &format!(
            "echo claude > out.txt\necho 'a note' > notes.md\ncat '{}'",
            fixture("claude/turn1.jsonl").display()
        ),
    );
    let settings = EngineSettings {
        codex_path: Some(codex),
        claude_path: Some(claude),
        kill_grace: Duration::from_secs(2),
        ..EngineSettings::default()
    };
    let engine = Engine::open(Workspace::open(&root).unwrap(), settings).unwrap();
    Fixture {
        _dir: dir,
        root,
        engine,
    }
}

fn request(check: Option<&str>) -> RaceRequest {
    RaceRequest {
        task: "Write out.txt".into(),
        entrants: vec![
            EntrantRequest {
                adapter: Adapter::Codex,
                model: Some("gpt-5.5".into()),
            },
            EntrantRequest {
                adapter: Adapter::Claude,
                model: None,
            },
        ],
        check: check.map(str::to_string),
        base: None,
    }
}

fn wait_ended(engine: &Engine, id: &str) -> SessionMeta {
    let started = Instant::now();
    loop {
        let meta = engine.refresh(id).unwrap();
        if meta.status.is_ended() {
            return meta;
        }
        assert!(started.elapsed() < DEADLINE, "{id} still {:?}", meta.status);
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts the race and waits for every entrant.
fn run_race(f: &Fixture, check: Option<&str>) -> (Race, Vec<SessionMeta>) {
    let started = f.engine.race_start(request(check)).unwrap();
    let metas = started
        .race
        .entrants
        .iter()
        .map(|e| wait_ended(&f.engine, e.session_id.as_deref().unwrap()))
        .collect();
    (started.race, metas)
}

fn session_count(root: &Path) -> usize {
    std::fs::read_dir(root.join(".zwarm/sessions")).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn each_entrant_runs_in_its_own_worktree_and_the_comparison_shows_its_files_and_check() {
    let f = fixture_repo();
    let (race, metas) = run_race(&f, Some("grep -q codex out.txt"));
    assert_eq!(race.check.as_deref(), Some("grep -q codex out.txt"));
    assert_eq!(race.entrants[0].model.as_deref(), Some("gpt-5.5"));
    let (codex, claude) = (&metas[0], &metas[1]);
    for meta in &metas {
        assert_eq!(meta.status, SessionStatus::Completed, "{:?}", meta.error);
        assert_eq!(meta.race.as_deref(), Some(race.id.as_str()), "the session is linked to its race");
        let worktree = meta.worktree.as_ref().unwrap();
        assert!(worktree.path.starts_with(f.root.join(".zwarm/worktrees").to_str().unwrap()));
        assert_eq!(meta.working_dir, worktree.path);
        assert_eq!(worktree.base_branch.as_deref(), Some("main"));
    }
    assert_ne!(codex.worktree, claude.worktree, "sibling worktrees");
    let codex_dir = PathBuf::from(&codex.worktree.as_ref().unwrap().path);
    let claude_dir = PathBuf::from(&claude.worktree.as_ref().unwrap().path);
    assert_eq!(std::fs::read_to_string(codex_dir.join("out.txt")).unwrap(), "codex\n");
    assert_eq!(std::fs::read_to_string(claude_dir.join("out.txt")).unwrap(), "claude\n");
    assert!(!f.root.join("out.txt").exists(), "nothing written in the main checkout");

    let shown = f.engine.race_show(&race.id[..8]).unwrap();
    let files = |n: usize| -> Vec<(String, FileChangeKind, u32, u32)> {
        shown.entrants[n]
            .files
            .iter()
            .map(|d| (d.path.clone(), d.kind, d.additions, d.deletions))
            .collect()
    };
    assert_eq!(files(0), vec![("out.txt".to_string(), FileChangeKind::Add, 1, 0)]);
    assert_eq!(
        files(1),
        vec![
            ("notes.md".to_string(), FileChangeKind::Add, 1, 0),
            ("out.txt".to_string(), FileChangeKind::Add, 1, 0)
        ]
    );
    assert_eq!((shown.entrants[1].additions, shown.entrants[1].deletions), (2, 0));
    assert!(shown.entrants[0].files[0].patch.contains("+codex"));
    for entrant in &shown.entrants {
        let session = entrant.session.as_ref().unwrap();
        assert_eq!(session.status, SessionStatus::Completed);
        assert_eq!(session.race.as_deref(), Some(race.id.as_str()));
        assert!(session.usage.input_tokens > 0, "tokens come from the session");
        assert!(entrant.wall_secs.is_some() && entrant.worktree_present && entrant.problem.is_none());
        assert!(entrant.entrant.check.is_none(), "not checked yet");
    }

    let checked = f.engine.race_check(&race.id, None).unwrap();
    let codex_check = checked.entrants[0].check.as_ref().unwrap();
    let claude_check = checked.entrants[1].check.as_ref().unwrap();
    assert!(codex_check.passed && codex_check.exit_code == Some(0) && !codex_check.timed_out);
    assert!(!claude_check.passed && claude_check.exit_code == Some(1));
    assert_eq!(f.engine.races().load(&race.id).unwrap(), checked, "recorded in the race's file");

    // Another command replaces the race's check, and its output is kept.
    let checked = f.engine.race_check(&race.id, Some("cat out.txt; exit 3")).unwrap();
    assert_eq!(checked.check.as_deref(), Some("cat out.txt; exit 3"));
    let result = checked.entrants[1].check.as_ref().unwrap();
    assert_eq!((result.exit_code, result.output.trim()), (Some(3), "claude"));
}

#[test]
fn keeping_a_winner_merges_it_and_removes_the_others_but_not_their_uncommitted_work_unasked() {
    let f = fixture_repo();
    let (race, metas) = run_race(&f, None);
    let claude_dir = PathBuf::from(&metas[1].worktree.as_ref().unwrap().path);
    let codex_id = metas[0].id.clone();

    let refused = f.engine.race_keep(&race.id, &codex_id[..8], false).unwrap();
    match &refused {
        KeepOutcome::Refused {
            refusal: KeepRefusal::LosersDirty { entrants },
        } => {
            assert_eq!(entrants.len(), 1);
            assert_eq!(entrants[0].session_id, metas[1].id);
            assert_eq!(entrants[0].files, vec!["notes.md", "out.txt"]);
        }
        other => panic!("expected the losers' work to stop it, got {other:?}"),
    }
    assert!(!f.root.join("out.txt").exists() && claude_dir.is_dir(), "nothing moved");
    assert!(f.engine.races().load(&race.id).unwrap().kept.is_none());

    let KeepOutcome::Kept { race: kept } = f.engine.race_keep(&race.id, &codex_id, true).unwrap() else {
        panic!("forced keep refused");
    };
    let winner = kept.kept.as_ref().unwrap();
    assert_eq!(winner.session_id, codex_id);
    assert_eq!(winner.removed, vec![metas[1].id.clone()]);
    assert!(winner.not_removed.is_empty());
    assert_eq!(std::fs::read_to_string(f.root.join("out.txt")).unwrap(), "codex\n", "merged into main");
    assert_eq!(git(&f.root, &["rev-parse", "main"]), winner.merge.commit);
    assert!(!claude_dir.exists(), "the loser's worktree is gone");
    assert!(Path::new(&metas[0].worktree.as_ref().unwrap().path).is_dir(), "the winner's stays");

    let shown = f.engine.race_show(&race.id).unwrap();
    assert!(shown.entrants[0].kept && !shown.entrants[1].kept);
    assert!(!shown.entrants[1].worktree_present);
    assert!(shown.entrants[1].problem.as_deref().unwrap().contains("was removed"));
    let again = f.engine.race_keep(&race.id, &metas[1].id, true).unwrap_err();
    assert!(matches!(again, EngineError::Race(RaceError::AlreadyKept { .. })), "{again}");

    // Deleting a race's session works as for any other; the comparison says so.
    f.engine.delete(&metas[1].id).unwrap();
    let shown = f.engine.race_show(&race.id).unwrap();
    assert!(shown.entrants[1].session.is_none());
    assert!(shown.entrants[1].problem.as_deref().unwrap().contains("was deleted"));
}

#[test]
fn a_winner_that_conflicts_with_the_base_is_refused_and_nothing_moves() {
    let f = fixture_repo();
    let (race, metas) = run_race(&f, None);
    std::fs::write(f.root.join("out.txt"), "the user's own\n").unwrap();
    git(&f.root, &["add", "out.txt"]);
    git(&f.root, &["commit", "--quiet", "-m", "user writes out.txt"]);
    let head = git(&f.root, &["rev-parse", "main"]);
    let outcome = f.engine.race_keep(&race.id, &metas[0].id, true).unwrap();
    assert_eq!(
        outcome,
        KeepOutcome::Refused {
            refusal: KeepRefusal::Conflicts {
                base: "main".into(),
                files: vec!["out.txt".into()],
            }
        }
    );
    assert_eq!(git(&f.root, &["rev-parse", "main"]), head);
    for meta in &metas {
        assert!(Path::new(&meta.worktree.as_ref().unwrap().path).is_dir(), "no worktree removed");
    }
    assert!(f.engine.races().load(&race.id).unwrap().kept.is_none());
    let KeepOutcome::Refused { refusal } = outcome else { unreachable!() };
    assert!(refusal.describe().contains("out.txt"));
}

#[test]
fn what_would_fail_is_refused_before_any_agent_starts() {
    let f = fixture_repo();
    let mut one = request(None);
    one.entrants.truncate(1);
    assert!(matches!(
        f.engine.race_start(one),
        Err(EngineError::Race(RaceError::TooFewEntrants { count: 1 }))
    ));
    let mut blank = request(None);
    blank.task = "  \n".into();
    assert!(matches!(f.engine.race_start(blank), Err(EngineError::Race(RaceError::NoTask))));
    let mut elsewhere = request(None);
    elsewhere.base = Some("no-such-branch".into());
    let err = f.engine.race_start(elsewhere).unwrap_err();
    assert!(err.to_string().contains("base commit"), "{err}");
    assert_eq!(session_count(&f.root), 0);
    assert!(f.engine.race_list().unwrap().races.is_empty(), "no race left of it");

    // A CLI missing for one entrant: nothing starts, not even the other.
    let mut settings = f.engine.settings().clone();
    settings.claude_path = Some(f.root.join("no-claude-here"));
    let engine = Engine::open(Workspace::open(&f.root).unwrap(), settings).unwrap();
    let err = engine.race_start(request(None)).unwrap_err();
    assert!(matches!(err, EngineError::Cli(_)), "{err}");
    assert_eq!(session_count(&f.root), 0);

    // A folder outside git says why, with the worktree module's words.
    let plain = tempfile::tempdir().unwrap();
    let engine = Engine::open(Workspace::open(plain.path()).unwrap(), f.engine.settings().clone()).unwrap();
    let err = engine.race_start(request(None)).unwrap_err();
    assert!(err.to_string().contains("not inside a git repository"), "{err}");
    assert_eq!(session_count(plain.path()), 0);
}

#[test]
fn races_are_listed_newest_first_with_unreadable_files_named() {
    let f = fixture_repo();
    let (first, _) = run_race(&f, None);
    let (second, _) = run_race(&f, Some("true"));
    std::fs::write(f.root.join(".zwarm/races/broken.json"), "{ not json").unwrap();
    let listing = f.engine.race_list().unwrap();
    let ids: Vec<&str> = listing.races.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec![second.id.as_str(), first.id.as_str()]);
    assert_eq!(listing.broken.len(), 1);
    assert!(listing.broken[0].contains("broken.json"), "{:?}", listing.broken);
    assert!(matches!(
        f.engine.race_show("zzzz"),
        Err(EngineError::Race(RaceError::NotFound { .. }))
    ));
    assert!(matches!(
        f.engine.race_check(&first.id, None),
        Err(EngineError::Race(RaceError::NoCheck { .. }))
    ));
}

#[test]
fn a_session_without_a_race_keeps_the_3x_schema() {
    let meta: SessionMeta = serde_json::from_str(
        r#"{"id":"a","status":"completed","created_at":"2026-01-01T10:00:00","updated_at":"2026-01-01T10:00:00"}"#,
    )
    .unwrap();
    assert!(meta.race.is_none());
    let written = serde_json::to_value(&meta).unwrap();
    assert!(written.get("race").is_none(), "no key zwarm 3.x did not write");
}
