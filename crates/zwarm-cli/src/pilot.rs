//! `zwarm pilot ...`: create pilots, run one turn, travel, print the graph.
//!
//! The model comes from flags, else from the pilot (fixed when it was
//! created from flags or the `[pilot]` table of `.zwarm/config.toml`); the key
//! from `ZWARM_PILOT_API_KEY` or the provider's usual variable.

use std::io::Write;
use std::sync::Arc;

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;
use zwarm_core::checkpoints::{Node, PilotMeta, PilotModel};
use zwarm_core::engine::Engine;
use zwarm_core::llm::{Provider, StreamEvent};
use zwarm_core::pilot::{client_for, Continue, PilotConfig, PilotEvent, PilotRunner};

use crate::interrupt::run_until_interrupted;
use crate::output::truncate;

#[derive(Subcommand)]
pub enum PilotCommand {
    /// Create a pilot.
    New {
        #[arg(long, short = 'n', default_value = "")]
        name: String,
        #[command(flatten)]
        model: ModelFlags,
        /// Do not record the workspace's files with every checkpoint (they are
        /// by default: `.zwarm/`, `.git`, what `.gitignore` leaves out and
        /// files over 10 MiB are never recorded).
        #[arg(long)]
        no_track_files: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send a message: runs one pilot turn and prints the reply.
    Send {
        pilot: String,
        message: String,
        /// Continue from this node (id, prefix or label such as T2) instead of
        /// the pilot's current one; `root` starts a fresh conversation.
        #[arg(long)]
        from: Option<String>,
        #[command(flatten)]
        model: ModelFlags,
        #[arg(long)]
        json: bool,
    },
    /// Make a node the pilot's current one (travel back); nothing is deleted.
    Go { pilot: String, node: String },
    /// The pilot's checkpoint graph.
    Graph {
        pilot: String,
        #[arg(long)]
        json: bool,
    },
    /// The workspace's pilots.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// Which model to talk to; each flag overrides the pilot's or the config's.
#[derive(Args, Default)]
pub struct ModelFlags {
    /// openai_responses, anthropic or chat_completions.
    #[arg(long, env = "ZWARM_PILOT_PROVIDER")]
    provider: Option<String>,
    #[arg(long, env = "ZWARM_PILOT_MODEL")]
    model: Option<String>,
    /// The API's base URL, `/v1` included.
    #[arg(long, env = "ZWARM_PILOT_BASE_URL")]
    base_url: Option<String>,
}

impl ModelFlags {
    pub fn apply(&self, mut model: PilotModel) -> anyhow::Result<PilotModel> {
        if let Some(provider) = &self.provider {
            model.provider = Provider::from_name(provider).ok_or_else(|| {
                anyhow::anyhow!("unknown provider `{provider}`: use openai_responses, anthropic or chat_completions")
            })?;
        }
        if let Some(name) = &self.model {
            model.model = name.clone();
        }
        if let Some(url) = &self.base_url {
            model.base_url = Some(url.clone());
        }
        Ok(model)
    }
}

pub fn run(engine: Engine, command: PilotCommand) -> anyhow::Result<()> {
    let config = PilotConfig::load(engine.workspace())?;
    let runner = PilotRunner::new(Arc::new(engine), config.settings.clone());
    let store = runner.store();
    match command {
        PilotCommand::New {
            name,
            model,
            no_track_files,
            json,
        } => {
            let meta = store.create(&name, model.apply(config.model)?, !no_track_files)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&meta)?);
            } else {
                println!("{} {}", meta.id, meta.name);
            }
        }
        PilotCommand::List { json } => {
            let (pilots, broken) = store.list_pilots()?;
            for line in &broken {
                eprintln!("zwarm: unreadable pilot {line}");
            }
            if json {
                let rows: Vec<_> = pilots.iter().map(|p| pilot_row(&runner, p)).collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else if pilots.is_empty() {
                println!("no pilots; create one with `zwarm pilot new`");
            } else {
                for p in &pilots {
                    let nodes = store.load(&p.id).map(|l| l.graph.len()).unwrap_or(0);
                    println!(
                        "{}  {:<20} {} {}  {} turns",
                        p.id,
                        truncate(&p.name, 20),
                        p.model.provider,
                        p.model.model,
                        nodes
                    );
                }
            }
        }
        PilotCommand::Go { pilot, node } => {
            let id = store.resolve(&pilot)?;
            let meta = store.travel(&id, Some(&node))?;
            let label = meta
                .head
                .as_deref()
                .and_then(|h| store.load(&id).ok()?.graph.get(h).map(|n| n.label.clone()));
            println!(
                "pilot {} is at {}",
                meta.name,
                label.unwrap_or_else(|| "the start".into())
            );
        }
        PilotCommand::Graph { pilot, json } => {
            let id = store.resolve(&pilot)?;
            let loaded = store.load(&id)?;
            if loaded.skipped_lines > 0 {
                eprintln!(
                    "zwarm: {} unreadable line(s) in the pilot's nodes.jsonl were skipped",
                    loaded.skipped_lines
                );
            }
            let tips: Vec<&str> = loaded.graph.tips().iter().map(|n| n.id.as_str()).collect();
            if json {
                let nodes: Vec<NodeRow> = loaded
                    .graph
                    .nodes()
                    .iter()
                    .map(|n| NodeRow::of(n, &loaded.meta))
                    .collect();
                let out = json!({ "pilot": loaded.meta, "head": loaded.meta.head, "tips": tips, "nodes": nodes });
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                print_graph(&loaded.meta, loaded.graph.nodes(), &tips);
            }
        }
        PilotCommand::Send {
            pilot,
            message,
            from,
            model,
            json,
        } => {
            let id = store.resolve(&pilot)?;
            let meta = store.load(&id)?.meta;
            let client = client_for(&model.apply(meta.model.clone())?, None)?;
            let from = Continue::from_key(from.as_deref());
            let node = send(&runner, &client, &id, &message, from, !json)?;
            if json {
                let meta = store.load(&id)?.meta;
                println!(
                    "{}",
                    serde_json::to_string_pretty(&NodeRow::of(&node, &meta))?
                );
            } else {
                println!("{}", node.reply);
                eprintln!("── {} · {}", node.label, cost_line(&node));
            }
        }
    }
    Ok(())
}

/// Runs the turn on a runtime of its own; Ctrl+C stops it cleanly (the
/// stopped turn is still recorded).
fn send(
    runner: &PilotRunner,
    client: &zwarm_core::llm::LlmClient,
    id: &str,
    message: &str,
    from: Continue,
    progress: bool,
) -> anyhow::Result<Node> {
    run_until_interrupted(|cancel| async move {
        let mut sink = |event: PilotEvent| {
            if progress {
                print_progress(&event);
            }
        };
        runner
            .send(client, id, message, from, &mut sink, &cancel)
            .await
    })?
    .map_err(Into::into)
}

/// Tool activity on stderr, so stdout holds only the reply.
fn print_progress(event: &PilotEvent) {
    let mut err = std::io::stderr();
    let _ = match event {
        PilotEvent::ToolStarted {
            name, arguments, ..
        } => writeln!(err, "→ {name} {}", truncate(&arguments.to_string(), 120)),
        PilotEvent::ToolFinished {
            output, is_error, ..
        } => {
            writeln!(
                err,
                "  {} {}",
                if *is_error { "✗" } else { "✓" },
                truncate(&output.replace('\n', " "), 160)
            )
        }
        PilotEvent::Llm {
            event:
                StreamEvent::Retrying {
                    attempt,
                    delay_ms,
                    reason,
                },
        } => {
            writeln!(err, "  retrying ({attempt}) in {} ms: {reason}", delay_ms)
        }
        _ => Ok(()),
    };
}

fn cost_line(node: &Node) -> String {
    let usd = |c: Option<f64>| {
        c.map(|c| format!("${c:.4}"))
            .unwrap_or_else(|| "unpriced".into())
    };
    format!(
        "pilot {} tok {} · executors {} tok {}",
        node.pilot_usage.total(),
        usd(node.pilot_cost_usd),
        node.executor_usage.total(),
        usd(node.executor_cost_usd)
    )
}

fn print_graph(meta: &PilotMeta, nodes: &[Node], tips: &[&str]) {
    println!(
        "{} ({} {})",
        meta.name, meta.model.provider, meta.model.model
    );
    for node in nodes {
        let depth = {
            let mut depth = 0;
            let mut parent = node.parent.as_deref();
            while let Some(p) = parent {
                depth += 1;
                parent = nodes
                    .iter()
                    .find(|n| n.id == p)
                    .and_then(|n| n.parent.as_deref());
            }
            depth
        };
        let mut marks = String::new();
        if meta.head.as_deref() == Some(node.id.as_str()) {
            marks.push_str(" ◀ current");
        }
        if tips.contains(&node.id.as_str()) {
            marks.push_str(" (tip)");
        }
        if let Some(name) = meta.branch_names.get(&node.id) {
            marks.push_str(&format!(" [{name}]"));
        }
        println!(
            "{}{} {}{marks}",
            "  ".repeat(depth),
            node.label,
            truncate(&node.message.replace('\n', " "), 60)
        );
    }
}

/// One node as `pilot graph --json` and `pilot send --json` print it.
#[derive(Serialize)]
struct NodeRow<'a> {
    id: &'a str,
    label: &'a str,
    parent: Option<&'a str>,
    kind: zwarm_core::checkpoints::NodeKind,
    message: &'a str,
    reply: &'a str,
    /// Pilot plus executor spend of the turn; `null` when part of it is unpriced.
    cost_usd: Option<f64>,
    pilot_cost_usd: Option<f64>,
    executor_cost_usd: Option<f64>,
    pilot_tokens: u64,
    executor_tokens: u64,
    sessions: &'a [zwarm_core::checkpoints::SessionSnapshot],
    branch_name: Option<&'a str>,
    stopped: bool,
    started_at: String,
    ended_at: String,
}

impl<'a> NodeRow<'a> {
    fn of(node: &'a Node, meta: &'a PilotMeta) -> Self {
        Self {
            id: &node.id,
            label: &node.label,
            parent: node.parent.as_deref(),
            kind: node.kind,
            message: &node.message,
            reply: &node.reply,
            cost_usd: node
                .pilot_cost_usd
                .zip(node.executor_cost_usd)
                .map(|(a, b)| a + b),
            pilot_cost_usd: node.pilot_cost_usd,
            executor_cost_usd: node.executor_cost_usd,
            pilot_tokens: node.pilot_usage.total(),
            executor_tokens: node.executor_usage.total(),
            sessions: &node.sessions,
            branch_name: meta.branch_names.get(&node.id).map(String::as_str),
            stopped: node.stopped,
            started_at: node.started_at.to_string(),
            ended_at: node.ended_at.to_string(),
        }
    }
}

fn pilot_row(runner: &PilotRunner, meta: &PilotMeta) -> serde_json::Value {
    let nodes = runner
        .store()
        .load(&meta.id)
        .map(|l| l.graph.len())
        .unwrap_or(0);
    json!({
        "id": meta.id, "name": meta.name, "provider": meta.model.provider, "model": meta.model.model,
        "base_url": meta.model.base_url, "nodes": nodes, "head": meta.head,
        "created_at": meta.created_at.to_string(), "updated_at": meta.updated_at.to_string(),
    })
}
