//! Snapshots, previews, restores and their backups, and failures half-way.

use super::super::*;
use super::*;

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
