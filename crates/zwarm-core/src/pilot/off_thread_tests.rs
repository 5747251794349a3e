//! A pilot turn and an orchestrator run never block the async thread that
//! drives them: while another writer holds the pilot's lock, the turn (or
//! step) waits for it on a blocking thread and the runtime's one thread
//! goes on running other tasks.
//!
//! Each test holds the pilot's lock, runs the turn on a single-threaded
//! runtime, and on that same thread waits until Linux lists the turn as
//! waiting for the lock (`/proc/locks`). Blocking work on the runtime's
//! thread would freeze that wait: the lock is then released only by the
//! holder's deadline, a hang guard, and the test fails.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use fake_llm::{FakeServer, Reply, Scenario};
use zwarm_llm::{CancellationToken, LlmClient, Provider, ProviderConfig};

use super::{Continue, PilotEvent, PilotRunner, PilotSettings};
use crate::checkpoints::PilotModel;
use crate::engine::{Engine, EngineSettings};
use crate::orchestrate::{Orchestrator, RunEvent, RunOptions, RunStatus, WatcherConfig};
use crate::store::SessionLock;
use crate::workspace::Workspace;

/// Longest the holder keeps the lock when nobody asks for it back.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn engine(dir: &Path) -> Arc<Engine> {
    let workspace = Workspace::open(dir).unwrap();
    Arc::new(Engine::open(workspace, EngineSettings::default()).unwrap())
}

fn client(server: &FakeServer) -> LlmClient {
    let config = ProviderConfig::new(Provider::OpenAiResponses, "gpt-5.5")
        .with_base_url(format!("{}/v1", server.base_url()))
        .with_api_key("k");
    LlmClient::new(config).unwrap()
}

fn model() -> PilotModel {
    PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    }
}

/// The pilot's lock, held on a thread of its own until released (`true`)
/// or the hang guard ran out (`false`).
struct Holder {
    release: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

fn hold_lock(pilot_dir: PathBuf) -> (Holder, u64) {
    let lock = SessionLock::acquire(&pilot_dir, "pilot").unwrap();
    // The store's lock file (`store::lock`), which the lock just created.
    let inode = std::fs::metadata(pilot_dir.join("meta.lock")).unwrap().ino();
    let (release, asked) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let released = asked.recv_timeout(HANG_GUARD).is_ok();
        drop(lock);
        released
    });
    (Holder { release, thread }, inode)
}

/// Whether someone waits for the flock of the file with `inode`.
fn someone_waits(inode: u64) -> bool {
    // Lines read `N: -> FLOCK ADVISORY WRITE <pid> <major>:<minor>:<inode> 0 EOF`
    // for a waiter.
    let inode = inode.to_string();
    let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
    locks.lines().any(|line| {
        line.contains("->")
            && line.split_whitespace().any(|field| {
                field.matches(':').count() == 2 && field.rsplit(':').next() == Some(inode.as_str())
            })
    })
}

/// Waits, on the runtime's thread, until the lock has a waiter; then gives
/// the lock back. Answers whether it was given back on request.
async fn release_once_waited_for(holder: Holder, inode: u64) -> bool {
    while !someone_waits(inode) {
        // The poll's interval; the holder's deadline is the hang guard.
        tokio::time::sleep(Duration::from_millis(10)).await;
        if holder.thread.is_finished() {
            break;
        }
    }
    let _ = holder.release.send(());
    tokio::task::spawn_blocking(move || holder.thread.join().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_turn_waits_for_the_pilots_lock_off_the_async_thread() {
    let server = FakeServer::start(Scenario::new(vec![Reply::text("done")])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let runner = PilotRunner::new(engine(dir.path()), PilotSettings::default());
    let pilot = runner.store().create("test", model(), false).unwrap().id;
    let pilot_dir = dir.path().join(".zwarm/pilots").join(&pilot);
    let (holder, inode) = hold_lock(pilot_dir);

    let client = client(&server);
    let mut sink = |_: PilotEvent| {};
    let cancel = CancellationToken::new();
    let turn = runner.send(&client, &pilot, "hello", Continue::Head, &mut sink, &cancel);
    let (node, released) = tokio::join!(turn, release_once_waited_for(holder, inode));

    assert!(released, "the turn held the runtime's thread while it waited for the lock");
    assert_eq!(node.unwrap().reply, "done");
}

#[tokio::test(flavor = "current_thread")]
async fn a_run_step_waits_for_the_runs_lock_off_the_async_thread() {
    let server = FakeServer::start(
        Scenario::new(vec![]).with_fallback(Reply::parts(vec![fake_llm::Part::Tool {
            name: "finish".into(),
            arguments: serde_json::json!({"summary": "all done"}),
        }])),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = Orchestrator::new(engine(dir.path()), PilotSettings::default(), WatcherConfig::default());
    let run = o
        .create(RunOptions {
            task: "tidy".into(),
            model: model(),
            max_steps: 3,
            budget_usd: None,
            shell: false,
        })
        .unwrap()
        .id;
    let run_dir = dir.path().join(".zwarm/pilots").join(&run);
    let (holder, inode) = hold_lock(run_dir);

    let client = client(&server);
    let mut sink = |_: RunEvent| {};
    let cancel = CancellationToken::new();
    let drive = o.drive(&client, &run, &mut sink, &cancel);
    let (meta, released) = tokio::join!(drive, release_once_waited_for(holder, inode));

    assert!(released, "the run held the runtime's thread while it waited for the lock");
    let meta = meta.unwrap();
    assert_eq!(meta.run.map(|r| r.status), Some(RunStatus::Finished));
}
