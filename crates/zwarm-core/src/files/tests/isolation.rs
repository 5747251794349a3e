//! What a checkpoint never touches: ignored files, the user's git, nested
//! repositories, the shadow's own configuration.

use super::super::*;
use super::*;

#[test]
fn ignored_files_are_never_recorded_deleted_or_overwritten() {
    let ws = workspace();
    let root = &ws.root;
    write(root, ".gitignore", "target/\n*.log\n");
    write(root, "src/main.rs", "fn main() {}\n");
    write(root, "target/debug/app", "binary v1");
    write(root, "build.log", "log v1");
    write(root, "sub/.gitignore", "local.txt\n");
    write(root, "sub/local.txt", "mine");
    write(root, "notes.tmp", "notes v1");
    write(root, ".zwarm/sessions/x/meta.json", "{}");
    let s1 = ws.files.snapshot("T1").unwrap();
    assert_eq!(
        sorted(recorded(&ws.files, &s1)),
        [".gitignore", "notes.tmp", "src/main.rs", "sub/.gitignore"]
    );

    // notes.tmp becomes ignored: the next snapshot drops it.
    write(root, ".gitignore", "target/\n*.log\n*.tmp\n");
    write(root, "notes.tmp", "notes v2");
    let s2 = ws.files.snapshot("T2").unwrap();
    assert!(!recorded(&ws.files, &s2).contains(&"notes.tmp".to_string()));

    // Ignored files change and appear; restoring T1 leaves them all alone.
    write(root, "target/debug/app", "binary v2");
    write(root, "target/new", "new build output");
    write(root, "build.log", "log v2");
    write(root, "sub/local.txt", "mine v2");
    let plan = ws.files.preview_restore(&s1).unwrap();
    assert_eq!(plan.changed, [".gitignore"]);
    assert_eq!(
        plan.skipped,
        ["notes.tmp"],
        "an ignored file is in its place"
    );
    assert!(plan.added.is_empty() && plan.removed.is_empty());
    ws.files.restore(&s1).unwrap();
    assert_eq!(read(root, ".gitignore"), b"target/\n*.log\n");
    assert_eq!(read(root, "target/debug/app"), b"binary v2");
    assert_eq!(read(root, "target/new"), b"new build output");
    assert_eq!(read(root, "build.log"), b"log v2");
    assert_eq!(read(root, "sub/local.txt"), b"mine v2");
    assert_eq!(read(root, "notes.tmp"), b"notes v2");
    assert_eq!(read(root, ".zwarm/sessions/x/meta.json"), b"{}");
}

#[test]
fn a_gitignore_negation_cannot_bring_zwarm_state_in() {
    let ws = workspace();
    write(&ws.root, ".gitignore", "!.zwarm/\n!.zwarm/**\n");
    write(&ws.root, ".zwarm/pricing.toml", "x");
    write(&ws.root, "a", "a");
    let s = ws.files.snapshot("T1").unwrap();
    assert_eq!(sorted(recorded(&ws.files, &s)), [".gitignore", "a"]);
}

#[test]
fn an_ignored_folder_in_the_place_of_a_recorded_file_is_left_alone() {
    let ws = workspace();
    let root = &ws.root;
    write(root, ".gitignore", "*.o\n");
    write(root, "out", "a file");
    write(root, "gone", "a file too");
    let s1 = ws.files.snapshot("T1").unwrap();
    // `out` becomes a folder holding an ignored file; `gone` a folder of tracked files.
    std::fs::remove_file(root.join("out")).unwrap();
    write(root, "out/main.o", "object");
    std::fs::remove_file(root.join("gone")).unwrap();
    write(root, "gone/a.txt", "a");
    write(root, "gone/deeper/b.txt", "b");
    let report = ws.files.restore(&s1).unwrap();
    assert_eq!(report.plan.skipped, ["out"]);
    assert_eq!(report.plan.added, ["gone"]);
    assert_eq!(read(root, "out/main.o"), b"object");
    assert_eq!(read(root, "gone"), b"a file too");
}

#[test]
fn the_users_own_repository_is_left_byte_for_byte_as_it_was() {
    let ws = workspace();
    let root = &ws.root;
    user_git(root, &["init", "--quiet"]);
    write(root, "tracked.txt", "committed\n");
    write(root, ".git/info/exclude", "secret.env\n");
    write(root, "secret.env", "TOKEN=1");
    user_git(root, &["add", "tracked.txt"]);
    user_git(root, &["commit", "--quiet", "-m", "first"]);
    write(root, "tracked.txt", "staged change\n");
    user_git(root, &["add", "tracked.txt"]);
    write(root, "untracked.txt", "u");
    user_git(root, &["stash", "list"]);

    // zwarm's own state shows up in the user's status unless they ignore
    // it; that is not the user's git state changing, so leave it out.
    let git_dir = root.join(".git");
    let before = git_dir_bytes(&git_dir);
    let status = user_git(
        root,
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
            ".",
            ":!.zwarm",
        ],
    );
    let refs = user_git(root, &["for-each-ref"]);
    let head = user_git(root, &["rev-parse", "HEAD"]);

    let s1 = ws.files.snapshot("T1").unwrap();
    assert_eq!(
        sorted(recorded(&ws.files, &s1)),
        ["tracked.txt", "untracked.txt"],
        "info/exclude is honoured, .git is not recorded"
    );
    write(root, "tracked.txt", "an agent's edit\n");
    std::fs::remove_file(root.join("untracked.txt")).unwrap();
    write(root, "agent.txt", "made by the agent");
    ws.files.restore(&s1).unwrap();

    assert_eq!(git_dir_bytes(&git_dir), before, "nothing in .git changed");
    assert_eq!(
        user_git(
            root,
            &[
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--",
                ".",
                ":!.zwarm"
            ]
        ),
        status
    );
    assert_eq!(user_git(root, &["for-each-ref"]), refs);
    assert_eq!(user_git(root, &["rev-parse", "HEAD"]), head);
    assert_eq!(read(root, "secret.env"), b"TOKEN=1");
}

#[test]
fn a_workspace_inside_a_repository_honours_the_gitignore_files_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    user_git(&top, &["init", "--quiet"]);
    write(&top, ".gitignore", "node_modules/\n/packages/app/dist/\n");
    let root = top.join("packages/app");
    write(&root, "index.js", "x");
    write(&root, "node_modules/dep/index.js", "dep");
    write(&root, "dist/bundle.js", "bundle");
    let files = FileCheckpoints::open(&root, root.join(".zwarm")).unwrap();
    let s = files.snapshot("T1").unwrap();
    assert_eq!(recorded(&files, &s), ["index.js"]);
}

#[test]
fn nested_repositories_are_never_touched() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "a.txt", "a");
    let s1 = ws.files.snapshot("T1").unwrap();
    let nested = root.join("vendor/lib");
    std::fs::create_dir_all(&nested).unwrap();
    user_git(&nested, &["init", "--quiet"]);
    write(&nested, "lib.rs", "lib");
    user_git(&nested, &["add", "lib.rs"]);
    user_git(&nested, &["commit", "--quiet", "-m", "lib"]);
    let before = listing(&nested);
    let plan = ws.files.preview_restore(&s1).unwrap();
    assert!(plan.is_empty(), "{plan:?}");
    ws.files.restore(&s1).unwrap();
    assert_eq!(listing(&nested), before);
}

#[test]
fn a_missing_git_gives_the_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let expected =
        "git was not found on PATH; install it (apt install git) to record files with checkpoints";
    let on_empty_path = GitProgram::new("git").search_path(empty.path());
    let err = FileCheckpoints::open_with(dir.path(), dir.path().join(".zwarm"), on_empty_path)
        .unwrap_err();
    assert!(matches!(err, FilesError::GitMissing));
    assert_eq!(err.to_string(), expected);
    let absent = GitProgram::new(empty.path().join("git"));
    let err =
        FileCheckpoints::open_with(dir.path(), dir.path().join(".zwarm"), absent).unwrap_err();
    assert_eq!(err.to_string(), expected);
    assert!(!dir.path().join(".zwarm").join(SHADOW_DIR_NAME).exists());
}

#[test]
fn a_planted_shadow_config_cannot_run_programs() {
    let ws = workspace();
    let marker = ws.root.join("pwned");
    let config = ws.files.shadow_dir().join("config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "[core]\n\tfsmonitor = \"touch '{0}'\"\n[filter \"x\"]\n\tclean = \"touch '{0}'; cat\"\n\tsmudge = \"touch '{0}'; cat\"\n",
        marker.display()
    ));
    std::fs::write(&config, text).unwrap();
    write(&ws.root, ".gitattributes", "* filter=x\n");
    write(&ws.root, "a.txt", "a");
    let s1 = ws.files.snapshot("T1").unwrap();
    write(&ws.root, "a.txt", "b");
    ws.files.restore(&s1).unwrap();
    assert_eq!(read(&ws.root, "a.txt"), b"a");
    assert!(!marker.exists(), "no filter or fsmonitor ran");
}
