//! The history a fork starts with: the original's turn files and records of
//! turns 1..=N, copied, so the fork's transcript pages and `zwarm show` read
//! exactly like the original up to the fork point.

use std::path::Path;

use crate::store::{CopiedTurn, SessionMeta, SessionStatus};

use super::super::{Engine, EngineError, EngineResult};

/// Copies `turn_K.jsonl`, `.stderr` and `.exit` of turns 1..=`through` from
/// session `from` to session `to`. Missing files (a turn that never wrote
/// stderr) are skipped; an exit file that is a symlink (how a full disk
/// records the code, see `supervisor::exit_code`) stays a symlink.
pub(super) fn turn_files(engine: &Engine, from: &str, to: &str, through: u32) -> EngineResult<()> {
    let source = engine.store.turns_dir(from)?;
    let target = engine.store.turns_dir(to)?;
    for number in 1..=through {
        for ext in ["jsonl", "stderr", "exit"] {
            let name = format!("turn_{number}.{ext}");
            copy_one(&source.join(&name), &target.join(&name))?;
        }
    }
    Ok(())
}

fn copy_one(from: &Path, to: &Path) -> EngineResult<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EngineError::Io { path, source }
    };
    let kind = match std::fs::symlink_metadata(from) {
        Ok(meta) => meta.file_type(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(io(from)(error)),
    };
    if kind.is_symlink() {
        let target = std::fs::read_link(from).map_err(io(from))?;
        std::os::unix::fs::symlink(target, to).map_err(io(to))?;
    } else {
        std::fs::copy(from, to).map_err(io(to))?;
    }
    Ok(())
}

/// Turns the freshly created `fork` into the original's state after turn
/// `through`: its turn records 1..=N (marked copied, with no process of
/// theirs: the fork must never find, wait on or kill the original's
/// processes), its transcript messages up to that turn, and that turn's
/// status.
pub(super) fn into_fork(fork: &mut SessionMeta, original: &SessionMeta, through: u32) {
    fork.turns = original
        .turns
        .iter()
        .filter(|t| t.number <= through)
        .cloned()
        .map(|mut turn| {
            turn.pid = None;
            turn.pid_start_time = None;
            turn.process_marker = None;
            // A turn the original had copied itself keeps its true origin.
            turn.copied_from.get_or_insert_with(|| CopiedTurn {
                session_id: original.id.clone(),
                turn: turn.number,
            });
            turn
        })
        .collect();
    fork.messages = messages_through(original, through);
    fork.turn = through;
    let last = fork.current_turn().cloned();
    fork.status = last.as_ref().map_or(SessionStatus::Completed, |t| t.status);
    fork.error = last.as_ref().and_then(|t| t.error.clone());
    fork.exit_code = last.as_ref().and_then(|t| t.exit_code);
    fork.pid = None;
    fork.created_at = crate::store::Timestamp::now();
    fork.sync_token_usage();
}

/// The original's `messages` before the user message of turn `through + 1`:
/// each turn appends its user message, then (when it replied) the reply.
fn messages_through(original: &SessionMeta, through: u32) -> Vec<crate::store::SessionMessage> {
    let mut users = 0;
    original
        .messages
        .iter()
        .take_while(|m| {
            if m.role == "user" {
                users += 1;
            }
            users <= through as usize
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewSession, ResumeMode};

    fn original() -> SessionMeta {
        let mut meta = SessionMeta::new("orig".into(), NewSession::new("remember A", "/ws"));
        meta.turns[0].status = SessionStatus::Completed;
        meta.turns[0].pid = Some(42);
        meta.turns[0].process_marker = Some("m".into());
        meta.turns[0].cost_usd = Some(0.5);
        meta.push_reply("noted A");
        meta.begin_follow_up("remember B", ResumeMode::Native);
        meta.turns[1].cost_usd = Some(0.7);
        meta.push_reply("noted B");
        meta
    }

    #[test]
    fn a_fork_keeps_turns_and_messages_up_to_the_fork_point_without_processes() {
        let original = original();
        let mut fork = SessionMeta::new("fork".into(), NewSession::new("remember A", "/ws"));
        into_fork(&mut fork, &original, 1);
        assert_eq!(fork.turn, 1);
        assert_eq!(fork.turns.len(), 1);
        assert_eq!(fork.turns[0].pid, None);
        assert_eq!(fork.turns[0].process_marker, None);
        assert_eq!(
            fork.turns[0].copied_from,
            Some(CopiedTurn {
                session_id: "orig".into(),
                turn: 1
            })
        );
        let texts: Vec<&str> = fork.messages.iter().map(|m| m.content.as_str()).collect();
        assert_eq!(texts, ["remember A", "noted A"]);
        assert_eq!(fork.status, SessionStatus::Completed);
        assert!(fork.total_usage().is_zero());
    }

    #[test]
    fn copied_turns_are_not_spend_of_the_fork() {
        let original = original();
        let mut fork = SessionMeta::new("fork".into(), NewSession::new("remember A", "/ws"));
        into_fork(&mut fork, &original, 2);
        assert!(crate::ledger::session_records(&fork).is_empty());
        assert_eq!(crate::ledger::session_records(&original).len(), 2);
        let summary = crate::engine::SessionSummary::from(&fork);
        assert_eq!(summary.cost_usd, 0.0);
        fork.begin_follow_up("and now?", ResumeMode::Native)
            .cost_usd = Some(0.1);
        let records = crate::ledger::session_records(&fork);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].turn, Some(3));
    }
}
