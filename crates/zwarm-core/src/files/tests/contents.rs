//! Contents that must round-trip: binary data, odd names, links and modes.

use super::super::*;
use super::*;

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
fn files_over_the_size_limit_are_left_out_and_never_touched_by_a_restore() {
    let ws = workspace();
    let root = &ws.root;
    write(root, "src/main.rs", "fn main() {}\n");
    write(root, "data/model.bin", "small for now");
    let s1 = ws.files.snapshot("T1").unwrap();
    assert!(recorded(&ws.files, &s1).contains(&"data/model.bin".to_string()));

    // It grows past the limit: the next checkpoint leaves it out.
    let big = std::fs::OpenOptions::new()
        .write(true)
        .open(root.join("data/model.bin"))
        .unwrap();
    big.set_len(super::super::MAX_FILE_BYTES + 1).unwrap();
    let huge = std::fs::File::create(root.join("dump.sql")).unwrap();
    huge.set_len(super::super::MAX_FILE_BYTES + 5).unwrap();
    write(root, "src/main.rs", "fn main() { println!(\"v2\"); }\n");
    let s2 = ws.files.snapshot("T2").unwrap();
    let names = recorded(&ws.files, &s2);
    assert_eq!(names, vec!["src/main.rs".to_string()], "{names:?}");

    // Restoring T2 keeps the large files as they are.
    write(root, "src/main.rs", "changed\n");
    ws.files.restore(&s2).unwrap();
    assert_eq!(
        read(root, "src/main.rs"),
        b"fn main() { println!(\"v2\"); }\n"
    );
    assert_eq!(
        std::fs::metadata(root.join("dump.sql")).unwrap().len(),
        super::super::MAX_FILE_BYTES + 5
    );
    assert_eq!(
        std::fs::metadata(root.join("data/model.bin"))
            .unwrap()
            .len(),
        super::super::MAX_FILE_BYTES + 1
    );
}
