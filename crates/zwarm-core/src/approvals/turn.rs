//! What a helper knows of the turn it asks for (its session, folder and
//! timeout), passed on its command line: shared by the helper commands
//! (`helper.rs`), the servers they run (`claude_mcp.rs`, `codex_host/`) and
//! the engine that starts them.

use std::path::PathBuf;
use std::time::Duration;

use super::{Approval, ApprovalAction, ApprovalStore};
use crate::store::Timestamp;
use crate::supervisor::start_time;

/// The helper command that hosts a Codex turn.
pub const CODEX_TURN: &str = "__codex-turn";

/// What every helper needs to know to ask on behalf of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnApprovals {
    /// The workspace's `.zwarm` folder.
    pub state_dir: PathBuf,
    pub session_id: String,
    pub turn: u32,
    /// The session's working folder.
    pub cwd: PathBuf,
    /// `[approvals] timeout_secs`; `None`: wait as long as it takes.
    pub timeout: Option<Duration>,
}

impl TurnApprovals {
    /// The helper's options saying all this.
    pub fn args(&self) -> Vec<String> {
        let mut args = vec![
            "--state-dir".into(),
            self.state_dir.display().to_string(),
            "--session".into(),
            self.session_id.clone(),
            "--turn".into(),
            self.turn.to_string(),
            "--cwd".into(),
            self.cwd.display().to_string(),
        ];
        if let Some(timeout) = self.timeout {
            args.push("--timeout-secs".into());
            args.push(timeout.as_secs().to_string());
        }
        args
    }

    /// Reads the options of [`Self::args`] from `options` (`--name value`
    /// pairs); the pairs it does not know are returned for the caller.
    pub fn parse(options: &[String]) -> Result<(Self, Vec<(String, String)>), String> {
        let mut known = TurnApprovals {
            state_dir: PathBuf::new(),
            session_id: String::new(),
            turn: 0,
            cwd: PathBuf::new(),
            timeout: None,
        };
        let mut rest = Vec::new();
        let mut pairs = options.chunks(2);
        for pair in &mut pairs {
            let [name, value] = pair else {
                return Err(format!("option {:?} has no value", pair[0]));
            };
            match name.as_str() {
                "--state-dir" => known.state_dir = PathBuf::from(value),
                "--session" => known.session_id = value.clone(),
                "--turn" => {
                    known.turn = value.parse().map_err(|_| format!("bad --turn {value:?}"))?
                }
                "--cwd" => known.cwd = PathBuf::from(value),
                "--timeout-secs" => {
                    let secs = value
                        .parse()
                        .map_err(|_| format!("bad --timeout-secs {value:?}"))?;
                    known.timeout = Some(Duration::from_secs(secs));
                }
                _ => rest.push((name.clone(), value.clone())),
            }
        }
        if known.session_id.is_empty() || known.state_dir.as_os_str().is_empty() {
            return Err("--state-dir and --session are required".into());
        }
        Ok((known, rest))
    }

    /// Where this turn's requests go.
    pub fn store(&self) -> ApprovalStore {
        ApprovalStore::new(&self.state_dir)
    }

    /// A new request of this turn (of `adapter`), to be waited on by this
    /// very process.
    pub fn request(
        &self,
        adapter: &str,
        action: ApprovalAction,
        reason: Option<String>,
    ) -> Approval {
        let pid = std::process::id();
        Approval {
            id: uuid::Uuid::new_v4().simple().to_string()[..12].to_string(),
            session_id: self.session_id.clone(),
            turn: self.turn,
            adapter: adapter.to_string(),
            action,
            cwd: self.cwd.display().to_string(),
            reason,
            requested_at: Timestamp::now(),
            waiter_pid: pid,
            waiter_start_time: start_time(pid).unwrap_or(0),
        }
    }
}
