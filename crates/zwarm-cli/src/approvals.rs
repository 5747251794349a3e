//! `zwarm approvals`, `zwarm approve`, `zwarm deny`: answering "Ask me"
//! sessions from a terminal, with or without the app open (see
//! `zwarm_core::approvals`).

use std::process::ExitCode;

use anyhow::Context;
use zwarm_core::approvals::{Answer, Approval, ApprovalAction, ApprovalStore};

use crate::output::{ago, truncate};

/// Lists the pending requests, oldest first (`--json`: an array of them).
pub fn list(store: &ApprovalStore, json: bool) -> anyhow::Result<ExitCode> {
    let listing = store.pending();
    for problem in &listing.problems {
        eprintln!("warning: unreadable approval {problem}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&listing.approvals)?);
        return Ok(ExitCode::SUCCESS);
    }
    if listing.approvals.is_empty() {
        println!("No approvals waiting.");
        return Ok(ExitCode::SUCCESS);
    }
    for approval in &listing.approvals {
        print_one(approval);
    }
    println!("\nAnswer with: zwarm approve ID [--always] | zwarm deny ID [--reason TEXT]");
    Ok(ExitCode::SUCCESS)
}

fn print_one(approval: &Approval) {
    let session = approval.session_id.get(..8).unwrap_or(&approval.session_id);
    println!(
        "{}  {} session {session} turn {}  asked {}",
        approval.id,
        approval.adapter,
        approval.turn,
        ago(&approval.requested_at)
    );
    match &approval.action {
        ApprovalAction::Command { command } => println!("  $ {}", truncate(command, 300)),
        ApprovalAction::FileChange { changes } => {
            for change in changes {
                println!("  ✎ {:?} {}", change.kind, change.path);
            }
        }
        ApprovalAction::Tool { name, input } => {
            println!("  ⚙ {name} {}", truncate(&input.to_string(), 300))
        }
    }
    println!("  in {}", approval.cwd);
    if let Some(reason) = &approval.reason {
        println!("  because: {reason}");
    }
}

/// Approves request `id` (a unique prefix), for good with `always`.
pub fn approve(
    store: &ApprovalStore,
    id: &str,
    always: bool,
    input: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let updated_input = input
        .map(serde_json::from_str)
        .transpose()
        .context("--input must be a JSON object, e.g. '{\"command\": \"ls\"}'")?;
    if updated_input.is_some() {
        let asked = store.find(id)?;
        anyhow::ensure!(
            asked.adapter == "claude",
            "--input works for Claude's requests only; Codex runs what it asked or nothing"
        );
    }
    let answer = Answer {
        approved: true,
        always,
        reason: None,
        updated_input,
    };
    let (approval, _) = store.decide(id, answer, "cli")?;
    let scope = if always {
        " (and from now on in this workspace)"
    } else {
        ""
    };
    println!(
        "Approved {}{scope}: {}",
        approval.id,
        approval.action.summary()
    );
    Ok(ExitCode::SUCCESS)
}

/// Denies request `id` (a unique prefix); the agent is told `reason`.
pub fn deny(store: &ApprovalStore, id: &str, reason: Option<String>) -> anyhow::Result<ExitCode> {
    let (approval, _) = store.decide(id, Answer::deny(reason), "cli")?;
    println!("Denied {}: {}", approval.id, approval.action.summary());
    Ok(ExitCode::SUCCESS)
}
