//! Human-readable renderings shared by the commands.

use zwarm_core::events::{AgentEvent, ItemStatus};
use zwarm_core::store::{SessionMeta, Timestamp};

/// One line (or a short block) for an event in a terminal.
pub fn event_line(event: &AgentEvent) -> String {
    match event {
        AgentEvent::UserMessage { text } => format!("> {}", first_lines(text, 3)),
        AgentEvent::AgentMessage { text } => format!("• {text}"),
        AgentEvent::Reasoning { text } => format!("  (thinking) {}", first_lines(text, 2)),
        AgentEvent::Command {
            command,
            output,
            exit_code,
            status,
        } => {
            let code = exit_code
                .map(|c| format!(" (exit {c})"))
                .unwrap_or_default();
            let mut line = format!("$ {command}{code}{}", status_mark(*status));
            if !output.trim().is_empty() {
                line.push_str(&format!(
                    "\n  {}",
                    first_lines(output, 5).replace('\n', "\n  ")
                ));
            }
            line
        }
        AgentEvent::FileChange { changes, status } => {
            let files: Vec<String> = changes
                .iter()
                .map(|c| format!("{:?} {}", c.kind, c.path).to_lowercase())
                .collect();
            format!("✎ {}{}", files.join(", "), status_mark(*status))
        }
        AgentEvent::McpCall {
            server,
            tool,
            error,
            status,
            ..
        } => {
            let error = error.as_ref().map(|e| format!(": {e}")).unwrap_or_default();
            format!("⚙ {server}.{tool}{}{error}", status_mark(*status))
        }
        AgentEvent::ToolCall { name, status, .. } => format!("⚙ {name}{}", status_mark(*status)),
        AgentEvent::WebSearch { query, .. } => format!("🔎 {query}"),
        AgentEvent::TodoList { items } => items
            .iter()
            .map(|i| format!("[{}] {}", if i.completed { "x" } else { " " }, i.text))
            .collect::<Vec<_>>()
            .join("\n"),
        AgentEvent::Error { message } => format!("! {message}"),
        AgentEvent::TurnStarted => "── turn started".into(),
        AgentEvent::TurnCompleted { usage, .. } => {
            format!("── turn completed ({} tokens)", usage.total())
        }
        AgentEvent::TurnFailed { message } => format!("✗ turn failed: {message}"),
        AgentEvent::Unknown { raw } => format!("? {}", truncate(&raw.to_string(), 200)),
    }
}

fn status_mark(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Running => " …",
        ItemStatus::Completed => "",
        ItemStatus::Failed => " ✗",
        ItemStatus::Denied => " (denied)",
        ItemStatus::Interrupted => " (interrupted)",
    }
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let mut shown = lines.iter().take(n).copied().collect::<Vec<_>>().join("\n");
    if lines.len() > n {
        shown.push_str(&format!("\n… ({} more lines)", lines.len() - n));
    }
    shown
}

pub fn truncate(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() <= max {
        first.to_string()
    } else {
        format!("{}…", first.chars().take(max).collect::<String>())
    }
}

/// "12 s ago", "3 min ago", "2.0 h ago", "4 d ago".
pub fn ago(then: &Timestamp) -> String {
    let seconds = (chrono::Local::now().naive_local() - then.naive())
        .num_seconds()
        .max(0);
    match seconds {
        s if s < 60 => format!("{s} s ago"),
        s if s < 3600 => format!("{} min ago", s / 60),
        s if s < 86_400 => format!("{:.1} h ago", s as f64 / 3600.0),
        s => format!("{} d ago", s / 86_400),
    }
}

/// The total cost of a session, or "unpriced" when any turn with tokens is.
pub fn session_cost(meta: &SessionMeta) -> String {
    let mut total = 0.0;
    for turn in &meta.turns {
        match turn.cost_usd {
            Some(usd) => total += usd,
            None if !turn.usage.is_zero() => return "unpriced".into(),
            None => {}
        }
    }
    format!("${total:.4}")
}
