use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// A workspace in a temporary folder, with its file checkpoints.
struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
    files: FileCheckpoints,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let files = FileCheckpoints::open(&root, root.join(".zwarm")).unwrap();
    Ws {
        _dir: dir,
        root,
        files,
    }
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join(rel)).unwrap()
}

/// Every file, symlink and folder below `dir` except `.zwarm` and `.git`:
/// contents for files, `-> target` for symlinks, `/` for folders.
fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if rel == Path::new(".zwarm") || rel == Path::new(".git") {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                out.insert(rel, b"/".to_vec());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths a snapshot recorded.
fn recorded(files: &FileCheckpoints, commit: &str) -> Vec<String> {
    let out = files
        .run(
            &os(&["ls-tree", "-r", "-z", "--name-only", commit]),
            None,
            "test",
        )
        .unwrap();
    out.split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(tree::display)
        .collect()
}

/// The blob id of one recorded file.
fn blob(files: &FileCheckpoints, commit: &str, path: &str) -> String {
    let spec = format!("{commit}:{path}");
    let out = files
        .run(&os(&["rev-parse", "--verify", &spec]), None, "test")
        .unwrap();
    String::from_utf8(out).unwrap().trim().to_string()
}

/// Runs the user's own git in `dir`, sealed from this machine's config.
fn user_git(dir: &Path, args: &[&str]) -> Vec<u8> {
    let mut cmd = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        // `git status` must not refresh the index: we compare its bytes.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file of a `.git` folder with its bytes.
fn git_dir_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn preview_lists_the_changes_and_restore_brings_files_back_and_the_backup_undoes_it() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "a.txt", "one\n");
    write(root, "c.txt", "three\n");
    write(root, "src/lib.rs", "fn main() {}\n");
    let s1 = ws.files.snapshot("T1").unwrap();
    let at_s1 = listing(root);

    write(root, "a.txt", "one, edited\n");
    write(root, "new.txt", "new\n");
    write(root, "scratch/deep/x.txt", "x\n");
    std::fs::remove_file(root.join("c.txt")).unwrap();
    let edited = listing(root);

    let plan = ws.files.preview_restore(&s1).unwrap();
    assert_eq!(plan.changed, ["a.txt"]);
    assert_eq!(plan.added, ["c.txt"]);
    assert_eq!(
        sorted(plan.removed.clone()),
        ["new.txt", "scratch/deep/x.txt"]
    );
    assert!(plan.skipped.is_empty());
    assert_eq!(listing(root), edited, "a preview changes nothing");

    let report = ws.files.restore(&s1).unwrap();
    assert_eq!(report.restored_commit, s1);
    assert_eq!(report.plan, plan);
    assert_eq!(
        listing(root),
        at_s1,
        "files (and folders) are what they were at T1"
    );
    assert_ne!(report.backup_commit, s1);

    // The backup undoes the restore, and the restore of the backup is backed up too.
    let back = ws.files.restore(&report.backup_commit).unwrap();
    assert_eq!(listing(root), edited);
    assert_eq!(back.plan.changed, ["a.txt"]);
    assert_eq!(back.plan.removed, ["c.txt"]);
    assert_eq!(
        ws.files.latest().unwrap().as_deref(),
        Some(back.backup_commit.as_str())
    );
    assert!(ws
        .files
        .preview_restore(&report.backup_commit)
        .unwrap()
        .is_empty());
}

#[test]
fn every_snapshot_stays_reachable_from_the_snapshots_ref() {
    let ws = workspace();
    let mut commits = Vec::new();
    for i in 0..4 {
        write(&ws.root, "f.txt", format!("{i}\n"));
        commits.push(ws.files.snapshot(&format!("T{i}")).unwrap());
    }
    let out = ws
        .files
        .run(&os(&["rev-list", SNAPSHOTS_REF]), None, "test")
        .unwrap();
    let reachable = String::from_utf8(out).unwrap();
    for commit in &commits {
        assert!(
            reachable.lines().any(|l| l == commit),
            "{commit} is reachable"
        );
    }
    // Garbage collection of the shadow loses none of them.
    ws.files
        .run(&os(&["gc", "--prune=now", "--quiet"]), None, "test")
        .unwrap();
    for commit in &commits {
        assert!(ws.files.preview_restore(commit).is_ok());
    }
}

#[test]
fn unchanged_files_give_the_same_snapshot() {
    let ws = workspace();
    write(&ws.root, "a.txt", "a");
    let first = ws.files.snapshot("T1").unwrap();
    let again = ws.files.snapshot("T2").unwrap();
    assert_eq!(first, again);
    write(&ws.root, "a.txt", "b");
    let changed = ws.files.snapshot("T3").unwrap();
    assert_ne!(changed, first);
    // Changed back: a new snapshot (the latest differs) with the first one's tree.
    write(&ws.root, "a.txt", "a");
    let back = ws.files.snapshot("T4").unwrap();
    assert_ne!(back, changed);
    let tree = |c: &str| blob(&ws.files, c, "");
    assert_eq!(tree(&back), tree(&first));
}

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

fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_files_round_trip_and_equal_contents_are_stored_once() {
    let ws = workspace();
    let root = &ws.root;
    let mut bytes = noise(200_000, 42);
    bytes[..4].copy_from_slice(b"\0\r\n\0");
    bytes.extend_from_slice(b"\r\n\r\n\0");
    write(root, "blob.bin", &bytes);
    write(root, "copy/blob.bin", &bytes);
    write(root, "crlf.txt", "line\r\nline\r\n");
    write(
        root,
        ".gitattributes",
        "*.txt text eol=lf\n*.bin filter=lfs\n",
    );
    let s1 = ws.files.snapshot("T1").unwrap();
    assert_eq!(
        blob(&ws.files, &s1, "blob.bin"),
        blob(&ws.files, &s1, "copy/blob.bin")
    );

    write(root, "blob.bin", noise(1000, 7));
    std::fs::remove_file(root.join("copy/blob.bin")).unwrap();
    write(root, "crlf.txt", "changed\n");
    ws.files.restore(&s1).unwrap();
    assert_eq!(read(root, "blob.bin"), bytes);
    assert_eq!(read(root, "copy/blob.bin"), bytes);
    assert_eq!(
        read(root, "crlf.txt"),
        b"line\r\nline\r\n",
        "line endings untouched"
    );

    // A second snapshot of the same bytes writes no new blob.
    let count = || {
        let out = ws
            .files
            .run(
                &os(&["cat-file", "--batch-all-objects", "--batch-check"]),
                None,
                "test",
            )
            .unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|l| l.contains(" blob "))
            .count()
    };
    let blobs = count();
    write(root, "third/blob.bin", &bytes);
    ws.files.snapshot("T2").unwrap();
    assert_eq!(count(), blobs);
}

#[test]
fn names_with_spaces_unicode_and_newlines_round_trip() {
    let ws = workspace();
    let root = &ws.root;
    let names = [
        "with space.txt",
        "dir with space/ünïcödé — 文件.md",
        "tab\tand\nnewline",
        "-starts-with-dash",
        ":(magic)looking",
        "\"quoted\"",
    ];
    for (i, name) in names.iter().enumerate() {
        write(root, name, format!("v{i}"));
    }
    let s1 = ws.files.snapshot("T1").unwrap();
    let at_s1 = listing(root);
    for name in names {
        std::fs::remove_file(root.join(name)).unwrap();
    }
    write(root, "späte neue Datei", "later");
    let plan = ws.files.preview_restore(&s1).unwrap();
    let mut expected: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(sorted(plan.added), expected);
    assert_eq!(plan.removed, ["späte neue Datei"]);
    ws.files.restore(&s1).unwrap();
    assert_eq!(listing(root), at_s1);
}

#[cfg(unix)]
#[test]
fn non_utf8_names_symlinks_and_modes_round_trip() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;

    let ws = workspace();
    let root = &ws.root;
    let odd = root.join(OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&odd, "latin-1 name").unwrap();
    write(root, "run.sh", "#!/bin/sh\n");
    std::fs::set_permissions(root.join("run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink("run.sh", root.join("link")).unwrap();
    let s1 = ws.files.snapshot("T1").unwrap();
    let at_s1 = listing(root);

    std::fs::remove_file(&odd).unwrap();
    std::fs::set_permissions(root.join("run.sh"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(root.join("link")).unwrap();
    write(root, "link", "now a plain file");
    let plan = ws.files.preview_restore(&s1).unwrap();
    assert_eq!(plan.added, ["caf\u{fffd}.txt"]);
    assert_eq!(sorted(plan.changed), ["link", "run.sh"]);
    ws.files.restore(&s1).unwrap();
    assert_eq!(listing(root), at_s1);
    assert_eq!(std::fs::read(&odd).unwrap(), b"latin-1 name");
    let mode = std::fs::metadata(root.join("run.sh"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o111, 0o111, "the executable bit is back");
    assert!(std::fs::symlink_metadata(root.join("link"))
        .unwrap()
        .file_type()
        .is_symlink());
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
fn a_failed_backup_record_changes_nothing() {
    let ws = workspace();
    write(&ws.root, "a.txt", "v1");
    let s1 = ws.files.snapshot("T1").unwrap();
    write(&ws.root, "a.txt", "v2");
    let mut seen = None;
    let err = ws
        .files
        .restore_then(&s1, |backup, plan| {
            seen = Some((backup.to_string(), plan.changed.clone()));
            Err("disk full".to_string())
        })
        .unwrap_err();
    assert!(matches!(err, FilesError::BackupNotRecorded(_)), "{err}");
    assert_eq!(read(&ws.root, "a.txt"), b"v2");
    let (backup, changed) = seen.unwrap();
    assert_eq!(changed, ["a.txt"]);
    // The backup exists anyway and is the newest snapshot.
    assert_eq!(ws.files.latest().unwrap(), Some(backup));
}

#[test]
fn a_restore_that_fails_half_way_names_the_backup_that_undoes_it() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "a.txt", "v1");
    let s1 = ws.files.snapshot("T1").unwrap();
    write(root, "a.txt", "v2");
    write(root, "extra.txt", "deleted by the restore");
    // Lose the blob of T1's a.txt: the checkout fails after the deletions.
    let id = blob(&ws.files, &s1, "a.txt");
    let object = ws
        .files
        .shadow_dir()
        .join("objects")
        .join(&id[..2])
        .join(&id[2..]);
    std::fs::remove_file(object).unwrap();
    let err = ws.files.restore(&s1).unwrap_err();
    let FilesError::RestoreIncomplete { backup_commit, .. } = &err else {
        panic!("{err}");
    };
    assert!(err.to_string().contains(backup_commit.as_str()), "{err}");
    assert!(
        !root.join("extra.txt").exists(),
        "the deletions had happened"
    );
    assert_eq!(ws.files.latest().unwrap().as_ref(), Some(backup_commit));
    ws.files.restore(backup_commit).unwrap();
    assert_eq!(read(root, "a.txt"), b"v2");
    assert_eq!(read(root, "extra.txt"), b"deleted by the restore");
}

#[test]
fn unknown_commits_are_refused_without_touching_anything() {
    let ws = workspace();
    write(&ws.root, "a.txt", "a");
    ws.files.snapshot("T1").unwrap();
    for bad in [
        "",
        "--all",
        "HEAD",
        "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
        "zz",
    ] {
        let err = ws.files.restore(bad).unwrap_err();
        assert!(matches!(err, FilesError::UnknownCommit(_)), "{bad}: {err}");
    }
    assert_eq!(read(&ws.root, "a.txt"), b"a");
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

#[test]
fn two_handles_on_one_workspace_share_the_shadow() {
    let ws = workspace();
    write(&ws.root, "a.txt", "a");
    let other = FileCheckpoints::open(&ws.root, ws.root.join(".zwarm")).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let files = if i % 2 == 0 {
                ws.files.clone()
            } else {
                other.clone()
            };
            std::thread::spawn(move || files.snapshot("T").unwrap())
        })
        .collect();
    let commits: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(commits.windows(2).all(|w| w[0] == w[1]));
}
