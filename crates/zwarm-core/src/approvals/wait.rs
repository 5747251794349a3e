//! The asking side: one request, from the rules check to the answer.

use std::path::Path;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Answer, Approval, ApprovalError, ApprovalStore, Decision};

/// How often the decision file is looked for even without a file event (a
/// missed event, or no inotify at all): waiting costs next to nothing.
const RECHECK: Duration = Duration::from_secs(1);

impl ApprovalStore {
    /// Asks the user about `approval` and waits for the answer: approved at
    /// once when an "always" rule matches; else the request is written and
    /// waited on (without end when `timeout` is `None`; after it, denied).
    /// The request and its decision are removed before returning.
    pub fn ask(
        &self,
        approval: &Approval,
        timeout: Option<Duration>,
    ) -> Result<Decision, ApprovalError> {
        if self.rules().matching(&approval.action).is_some() {
            return Ok(Decision::from_answer(
                Answer {
                    approved: true,
                    always: true,
                    ..Answer::default()
                },
                "rule",
            ));
        }
        self.submit(approval)?;
        let decision = self.wait(approval, timeout);
        self.withdraw(approval);
        Ok(decision)
    }

    fn wait(&self, approval: &Approval, timeout: Option<Duration>) -> Decision {
        let deadline = timeout.map(|t| Instant::now() + t);
        let (_watcher, events) = watch(&self.dir_of(&approval.session_id));
        loop {
            if let Some(decision) = self.decision(approval) {
                return decision;
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left.is_some_and(|l| l.is_zero()) {
                let timed_out = Decision::from_answer(Answer::deny(None), "timeout");
                // An answer that came at the last moment wins over the timeout.
                return match self.record(approval, &timed_out) {
                    Err(ApprovalError::AlreadyDecided(_)) => {
                        self.decision(approval).unwrap_or(timed_out)
                    }
                    _ => timed_out,
                };
            }
            let nap = left.map_or(RECHECK, |l| l.min(RECHECK));
            match &events {
                Some(events) => {
                    let _ = events.recv_timeout(nap);
                    // Drain a burst: one look at the folder serves them all.
                    while events.try_recv().is_ok() {}
                }
                None => std::thread::sleep(nap),
            }
        }
    }
}

/// A watcher of `dir` and the channel its events arrive on; `None` when the
/// system cannot watch (then the wait only re-checks).
fn watch(dir: &Path) -> (Option<notify::RecommendedWatcher>, Option<Receiver<()>>) {
    let (tx, rx) = channel();
    let watcher = notify::recommended_watcher(move |_event| {
        let _ = tx.send(());
    });
    match watcher {
        Ok(mut watcher) => match watcher.watch(dir, RecursiveMode::NonRecursive) {
            Ok(()) => (Some(watcher), Some(rx)),
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    }
}
