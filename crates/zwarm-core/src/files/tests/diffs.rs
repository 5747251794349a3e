//! The diffs a restore preview shows: one per file it writes or deletes,
//! from the file now to the file at the checkpoint.

use super::*;
use crate::events::FileChangeKind;

#[test]
fn the_preview_diffs_each_written_and_deleted_file_and_changes_nothing() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "a.txt", "one\ntwo\nthree\n");
    write(root, "gone later.txt", "kept at T1\n");
    write(root, "image.bin", [0u8, 1, 2, 3, 0, 255]);
    write(root, ".gitignore", "*.log\n");
    let s1 = ws.files.snapshot("T1").unwrap();

    write(root, "a.txt", "one\nTWO\nthree\nfour\n");
    std::fs::remove_file(root.join("gone later.txt")).unwrap();
    write(root, "image.bin", [9u8, 0, 9]);
    write(root, "new/file.rs", "fn main() {}\n");
    write(root, "build.log", "ignored: never shown\n");
    let before = listing(root);

    let preview = ws.files.preview_restore_with_diffs(&s1).unwrap();
    assert_eq!(listing(root), before, "a preview changes nothing");
    assert_eq!(preview.plan, ws.files.preview_restore(&s1).unwrap());
    let by_path: BTreeMap<&str, &crate::diff::FileDiff> =
        preview.diffs.iter().map(|d| (d.path.as_str(), d)).collect();
    assert_eq!(
        by_path.keys().copied().collect::<Vec<_>>(),
        ["a.txt", "gone later.txt", "image.bin", "new/file.rs"]
    );

    let a = by_path["a.txt"];
    assert_eq!(a.kind, FileChangeKind::Update);
    assert_eq!((a.additions, a.deletions), (1, 2), "back to T1: TWO and four go, two comes");
    assert!(a.patch.starts_with("diff --git a/a.txt b/a.txt\n"));
    assert!(a.patch.contains("\n-TWO\n") && a.patch.contains("\n+two\n") && a.patch.contains("\n-four\n"));

    let restored = by_path["gone later.txt"];
    assert_eq!(restored.kind, FileChangeKind::Add);
    assert_eq!((restored.additions, restored.deletions), (1, 0));
    assert!(restored.patch.contains("+kept at T1\n"));

    let removed = by_path["new/file.rs"];
    assert_eq!(removed.kind, FileChangeKind::Delete);
    assert_eq!((removed.additions, removed.deletions), (0, 1));

    let image = by_path["image.bin"];
    assert!(image.binary && !image.truncated);
    assert!(!preview.diffs.iter().any(|d| d.patch.contains("ignored: never shown")));
}

#[test]
fn a_preview_of_matching_files_has_no_diffs() {
    let ws = workspace();
    write(&ws.root, "a.txt", "same\n");
    let s1 = ws.files.snapshot("T1").unwrap();
    let preview = ws.files.preview_restore_with_diffs(&s1).unwrap();
    assert!(preview.plan.is_empty());
    assert!(preview.diffs.is_empty());
}

#[test]
fn skipped_files_have_no_diff() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "out", "a file at T1\n");
    let s1 = ws.files.snapshot("T1").unwrap();
    std::fs::remove_file(root.join("out")).unwrap();
    write(root, ".gitignore", "out/\n");
    write(root, "out/cache.bin", "ignored folder in the way\n");
    let preview = ws.files.preview_restore_with_diffs(&s1).unwrap();
    assert_eq!(preview.plan.skipped, ["out"]);
    assert!(preview.diffs.iter().all(|d| d.path != "out"), "{:?}", preview.diffs);
}
