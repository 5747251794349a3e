//! Watchers keep an autonomous run on course. Each looks at the steps so far
//! and may intervene with a message to the LLM, a pause or a stop; each has
//! thresholds in `[watchers]` of `.zwarm/config.toml` and a cooldown so a
//! condition that stays true does not nag every step.
//!
//! zwarm's watchers fired on the very pattern its prompt prescribes (wait,
//! then check) and counted polling as "direct work" (§7, §10.22). Here
//! waiting and the checks that follow a wait are the normal rhythm of
//! delegation and never count as being stuck or as doing the work oneself.

use std::collections::HashMap;

use serde_json::Value;

pub use crate::checkpoints::{Intervention, WatcherAction};
pub use crate::pilot::{
    BudgetWatchConfig, DelegationConfig, ProgressConfig, ReminderConfig, WatcherConfig,
};

/// One tool call of a step and what it returned.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub name: String,
    pub arguments: Value,
    pub output: String,
}

/// What the watchers see of a step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepRecord {
    pub step: u32,
    pub calls: Vec<CallRecord>,
    pub text: String,
}

/// Facts about the run as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunFacts {
    pub step: u32,
    pub max_steps: u32,
    pub sessions_started: u32,
    pub spent_usd: f64,
    pub budget_usd: Option<f64>,
}

const DELEGATING: &[&str] = &["delegate", "converse"];
const POLLING: &[&str] = &["check_session", "list_sessions", "get_trajectory"];
/// Tools that only look: repeating one is stuck only when it sees the same.
const OBSERVING: &[&str] = &["shell", "check_session", "list_sessions", "get_trajectory"];

/// Shell commands that do the work instead of delegating it: writing files,
/// building, installing, committing. Reading (ls, cat, grep, git status) is fine.
fn does_work(command: &str) -> bool {
    let c = command.to_lowercase();
    let redirects = c
        .replace("2>&1", "")
        .replace(">/dev/null", "")
        .replace("> /dev/null", "");
    let writes_file =
        c.contains("sed -i") || c.contains("tee ") || c.contains("<<") || redirects.contains('>');
    let tools = [
        "cargo build",
        "cargo test",
        "cargo run",
        "npm install",
        "npm run",
        "npm test",
        "pip install",
        "make ",
        "git commit",
        "git apply",
        "git am",
        "patch ",
        "mv ",
        "cp ",
        "rm ",
        "mkdir ",
    ];
    writes_file
        || tools.iter().any(|t| {
            c.starts_with(t) || c.contains(&format!("; {t}")) || c.contains(&format!("&& {t}"))
        })
}

/// Runs the watchers over a run's steps.
#[derive(Debug, Clone)]
pub struct Watchers {
    config: WatcherConfig,
    history: Vec<StepRecord>,
    last_fired: HashMap<&'static str, u32>,
}

impl Watchers {
    pub fn new(config: WatcherConfig) -> Self {
        Self {
            config,
            history: Vec::new(),
            last_fired: HashMap::new(),
        }
    }

    /// Records a finished step and returns the interventions it triggers.
    pub fn observe(&mut self, step: StepRecord, facts: &RunFacts) -> Vec<Intervention> {
        self.history.push(step);
        let mut fired = Vec::new();
        let candidates = [
            ("budget", self.budget(facts)),
            ("progress", self.progress()),
            ("delegation", self.delegation()),
            ("reminder", self.reminder()),
        ];
        for (name, found) in candidates {
            let Some(intervention) = found else { continue };
            let quiet = self
                .last_fired
                .get(name)
                .is_some_and(|&at| facts.step < at + self.config.cooldown_steps);
            // A stop is never silenced by a cooldown.
            if quiet && intervention.action != WatcherAction::Stop {
                continue;
            }
            self.last_fired.insert(name, facts.step);
            fired.push(intervention);
        }
        fired
    }

    fn budget(&self, facts: &RunFacts) -> Option<Intervention> {
        let c = self.config.budget;
        if !c.enabled {
            return None;
        }
        let make = |action, reason: String, message: String| {
            Some(Intervention {
                watcher: "budget".into(),
                action,
                reason,
                message,
            })
        };
        if let Some(budget) = facts.budget_usd {
            if facts.spent_usd >= budget {
                return make(
                    WatcherAction::Stop,
                    format!(
                        "the run's budget of ${budget:.2} is spent (${:.2})",
                        facts.spent_usd
                    ),
                    "The budget is spent; the run stops.".into(),
                );
            }
            if facts.spent_usd >= budget * c.warn_at {
                return make(
                    WatcherAction::Message,
                    format!("{:.0} % of the ${budget:.2} budget is spent", 100.0 * facts.spent_usd / budget),
                    format!("Budget: ${:.2} of ${budget:.2} spent. Finish the essential work and wrap up.", facts.spent_usd),
                );
            }
        }
        if facts.sessions_started >= c.max_sessions {
            return make(
                WatcherAction::Message,
                format!("{} sessions started (limit {})", facts.sessions_started, c.max_sessions),
                format!("You have started {} sessions. Do not start more; continue existing ones with converse.", facts.sessions_started),
            );
        }
        if facts.max_steps > 0 && f64::from(facts.step) >= f64::from(facts.max_steps) * c.warn_at {
            let left = facts.max_steps.saturating_sub(facts.step);
            return make(
                WatcherAction::Message,
                format!("step {} of {}", facts.step, facts.max_steps),
                format!("{left} steps remain. Prioritize and call finish with a summary before the limit."),
            );
        }
        None
    }

    /// Calls that count for "stuck": not waits, and not the checks right
    /// after a wait (that is polling a running session, not repeating oneself).
    fn meaningful_calls(&self) -> Vec<&CallRecord> {
        let mut calls = Vec::new();
        let mut after_wait = false;
        for step in &self.history {
            for call in &step.calls {
                if call.name == "wait" {
                    after_wait = true;
                    continue;
                }
                if after_wait && POLLING.contains(&call.name.as_str()) {
                    continue;
                }
                after_wait = false;
                calls.push(call);
            }
        }
        calls
    }

    fn progress(&self) -> Option<Intervention> {
        let c = self.config.progress;
        if !c.enabled || c.repeats < 2 {
            return None;
        }
        let calls = self.meaningful_calls();
        let recent = &calls[calls.len().saturating_sub(c.window as usize)..];
        // An action (delegate, converse, ...) repeated with the same
        // arguments is stuck whatever it answered: each answer differs (a new
        // session id) but nothing new is tried. A look (shell, check) may
        // fairly be repeated while the world changes, so it counts only when
        // its result is the same too.
        let mut counts: HashMap<(String, String, &str), u32> = HashMap::new();
        for call in recent {
            let output = if OBSERVING.contains(&call.name.as_str()) {
                call.output.as_str()
            } else {
                ""
            };
            *counts
                .entry((call.name.clone(), call.arguments.to_string(), output))
                .or_default() += 1;
        }
        let repeated = counts
            .into_iter()
            .filter(|(_, n)| *n >= c.repeats)
            .max_by_key(|(_, n)| *n);
        if let Some(((name, _, _), n)) = repeated {
            let (same, got_same) = if OBSERVING.contains(&name.as_str()) {
                (" and the same result", " and got the same result each time")
            } else {
                ("", "")
            };
            return Some(Intervention {
                watcher: "progress".into(),
                action: c.action,
                reason: format!("`{name}` was called {n} times with the same arguments{same}"),
                message: format!(
                    "You called `{name}` {n} times with the same arguments{got_same}. \
                     Repeating it gives nothing new: change approach, or call finish if you are blocked."
                ),
            });
        }
        let texts: Vec<&str> = self
            .history
            .iter()
            .rev()
            .take(c.repeats as usize)
            .filter(|s| s.calls.is_empty())
            .map(|s| s.text.trim())
            .collect();
        if texts.len() == c.repeats as usize && texts.windows(2).all(|w| w[0] == w[1]) {
            return Some(Intervention {
                watcher: "progress".into(),
                action: c.action,
                reason: format!("the same answer {} times without a tool call", c.repeats),
                message:
                    "You keep answering the same thing without acting. Use a tool, or call finish."
                        .into(),
            });
        }
        None
    }

    fn delegation(&self) -> Option<Intervention> {
        let c = self.config.delegation;
        if !c.enabled {
            return None;
        }
        let mut work = 0;
        for call in self.history.iter().flat_map(|s| s.calls.iter()).rev() {
            if DELEGATING.contains(&call.name.as_str()) {
                break;
            }
            if call.name == "shell"
                && call
                    .arguments
                    .get("command")
                    .and_then(Value::as_str)
                    .is_some_and(does_work)
            {
                work += 1;
            }
        }
        (work >= c.threshold).then(|| Intervention {
            watcher: "delegation".into(),
            action: c.action,
            reason: format!("{work} shell commands did the work directly since the last delegation"),
            message: "You are doing the work yourself through the shell. Delegate it to an agent session \
                      (delegate or converse) and use the shell only to inspect."
                .into(),
        })
    }

    fn reminder(&self) -> Option<Intervention> {
        let c = self.config.reminder;
        if !c.enabled || c.every_steps == 0 {
            return None;
        }
        let since = self
            .history
            .iter()
            .rev()
            .take_while(|s| {
                !s.calls
                    .iter()
                    .any(|call| DELEGATING.contains(&call.name.as_str()) || call.name == "wait")
            })
            .count();
        (since >= c.every_steps as usize).then(|| Intervention {
            watcher: "reminder".into(),
            action: WatcherAction::Message,
            reason: format!("{since} steps without delegating"),
            message:
                "Reminder: your job is to delegate work to agent sessions and check their results."
                    .into(),
        })
    }
}
