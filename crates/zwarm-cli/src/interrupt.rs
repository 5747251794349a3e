//! Long LLM work (a pilot turn, an orchestrator run) on a runtime of its own,
//! where Ctrl+C cancels it cleanly: the core then records a stopped turn or
//! step instead of the process dying mid-write.

use std::future::Future;

use zwarm_core::llm::CancellationToken;

/// Runs `work(cancel)` to its end; the first Ctrl+C cancels `cancel`.
pub fn run_until_interrupted<T, F>(work: impl FnOnce(CancellationToken) -> F) -> anyhow::Result<T>
where
    F: Future<Output = T>,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    Ok(runtime.block_on(async {
        let cancel = CancellationToken::new();
        let stopper = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stopper.cancel();
            }
        });
        work(cancel).await
    }))
}
