//! `fake-llm --scenario FILE.json [--port N] [--record FILE.jsonl]`: serves a
//! scenario until killed, for manual runs of the agent CLIs and for tests in
//! other languages. `--record` shows what a client really sent.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use fake_llm::{FakeServer, Scenario};

/// A scripted fake model server (OpenAI Responses, Anthropic Messages, Chat Completions).
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Scenario file (JSON): {"replies": [...], "per_protocol": {...}, "fallback": {...}}.
    #[arg(long)]
    scenario: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Append every request received to this file, one JSON object a line.
    #[arg(long)]
    record: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let server = match Scenario::from_file(&args.scenario)
        .and_then(|scenario| FakeServer::start_on(scenario, args.port))
    {
        Ok(server) => server,
        Err(error) => {
            eprintln!("fake-llm: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut record = match args.record.as_deref().map(File::create).transpose() {
        Ok(record) => record,
        Err(error) => {
            eprintln!("fake-llm: cannot create the record file: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", server.base_url());
    let _ = std::io::stdout().flush();
    let mut written = 0;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let Some(file) = record.as_mut() else {
            continue;
        };
        let requests = server.requests();
        for request in &requests[written.min(requests.len())..] {
            if let Ok(line) = serde_json::to_string(request) {
                let _ = writeln!(file, "{line}");
            }
        }
        written = requests.len();
    }
}
