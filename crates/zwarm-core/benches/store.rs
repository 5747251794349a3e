//! Listing a large workspace in process: 1,000 and 10,000 sessions of 5
//! turns. Goals (issue 15): 1,000 in under 5 ms and 10,000 in under 50 ms
//! with the listing index warm, so the session list stays instant.
//!
//! - `warm`: one engine listing again (the app, which keeps its engine);
//!   `warm, app rows` with the rows the app's session list receives
//!   (`SessionSummary`, what its `list_sessions` command returns);
//! - `index file`: a new engine each time, the index read from its file
//!   (what one `zwarm` command does), typed and as JSON;
//! - `cold`: a new engine and no index file, every meta.json read and the
//!   index written (the first listing of a workspace);
//! - `store.list`: the plain walk without index or engine, for reference.

// A benchmark target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/populate.rs"]
mod populate;

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use zwarm_core::engine::{Engine, EngineSettings, SessionSummary};
use zwarm_core::store::{SessionStore, INDEX_FILE};
use zwarm_core::Workspace;

fn engine(root: &Path) -> Engine {
    let workspace = Workspace::open(root).expect("workspace");
    Engine::open(workspace, EngineSettings::default()).expect("engine")
}

fn list_sessions(c: &mut Criterion) {
    for count in [1_000, 10_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        populate::populate(dir.path(), count);
        let root = dir.path();
        let index_file = root.join(".zwarm").join(INDEX_FILE);
        let expect = |n: usize| assert_eq!(n, count);
        let mut group = c.benchmark_group(format!("list {count} sessions x {}", populate::TURNS));

        let warm = engine(root);
        expect(warm.list(None).expect("list").sessions.len());
        group.bench_function(BenchmarkId::from_parameter("warm"), |b| {
            b.iter(|| expect(warm.list(None).expect("list").sessions.len()))
        });
        group.bench_function(BenchmarkId::from_parameter("warm, app rows"), |b| {
            b.iter(|| {
                let listing = warm.list(None).expect("list");
                expect(SessionSummary::of_listing(&listing).len())
            })
        });
        group.bench_function(BenchmarkId::from_parameter("warm, json"), |b| {
            b.iter(|| expect(warm.list_json(None).expect("list").sessions.len()))
        });
        group.bench_function(BenchmarkId::from_parameter("index file"), |b| {
            b.iter(|| expect(engine(root).list(None).expect("list").sessions.len()))
        });
        group.bench_function(BenchmarkId::from_parameter("index file, json"), |b| {
            b.iter(|| expect(engine(root).list_json(None).expect("list").sessions.len()))
        });
        group.bench_function(BenchmarkId::from_parameter("cold"), |b| {
            b.iter(|| {
                std::fs::remove_file(&index_file).expect("index file");
                expect(engine(root).list(None).expect("list").sessions.len())
            })
        });
        let store = SessionStore::new(root.join(".zwarm"));
        group.bench_function(BenchmarkId::from_parameter("store.list"), |b| {
            b.iter(|| expect(store.list(None).expect("list").sessions.len()))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = list_sessions
}
criterion_main!(benches);
