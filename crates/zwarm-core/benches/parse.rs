//! Parse throughput per adapter: the recordings repeated to about 10 MB,
//! fed in 64 KiB chunks as a live reader would, and in one push as
//! finalizing a turn does; and every recording of both CLIs read as its own
//! turn file, as opening a workspace's sessions does.

// A benchmark target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use zwarm_core::agents::{Adapter, TurnLog};

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

/// The recorded turn files of one CLI, in name order.
fn recorded_files(adapter: Adapter) -> Vec<Vec<u8>> {
    let dir = format!("{}/tests/fixtures/{adapter}", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).expect("fixture"))
        .collect()
}

/// One CLI's recordings, one after the other, repeated to about 10 MB.
fn corpus(adapter: Adapter) -> Vec<u8> {
    let mut one_round = Vec::new();
    for mut bytes in recorded_files(adapter) {
        if bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        one_round.extend_from_slice(&bytes);
    }
    let mut all = Vec::with_capacity(TARGET_BYTES + one_round.len());
    while all.len() < TARGET_BYTES {
        all.extend_from_slice(&one_round);
    }
    all
}

/// Every recorded turn file with its adapter.
fn recordings() -> Vec<(Adapter, Vec<u8>)> {
    [Adapter::Codex, Adapter::Claude]
        .into_iter()
        .flat_map(|adapter| {
            recorded_files(adapter)
                .into_iter()
                .map(move |bytes| (adapter, bytes))
        })
        .collect()
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for adapter in [Adapter::Codex, Adapter::Claude] {
        let bytes = corpus(adapter);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        // What finalizing a turn does: the whole file in one push.
        group.bench_function(format!("{}/whole-file", adapter.as_str()), |b| {
            b.iter(|| black_box(TurnLog::parse_all(adapter, &bytes).entries().len()))
        });
        group.bench_function(adapter.as_str(), |b| {
            b.iter(|| {
                let mut log = TurnLog::new(adapter);
                for chunk in bytes.chunks(CHUNK) {
                    black_box(log.push_bytes(chunk));
                }
                log.finish();
                black_box(log.entries().len())
            })
        });
    }
    let files = recordings();
    let total: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("recordings", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(adapter, bytes)| TurnLog::parse_all(*adapter, bytes).entries().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
