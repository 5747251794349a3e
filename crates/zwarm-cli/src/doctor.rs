//! `zwarm doctor`: where the agent CLIs are, their versions, and how to fix a
//! missing one.

use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use zwarm_core::discovery::{discover, Discovery, DiscoveryEnv, CLAUDE, CODEX};

pub fn run(codex: Option<&Path>, claude: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let env = DiscoveryEnv::from_process();
    let reports = [discover(CODEX, codex, &env), discover(CLAUDE, claude, &env)];
    if json {
        let items: Vec<_> = reports.iter().map(to_json).collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else {
        for report in &reports {
            print_report(report);
        }
    }
    let all_found = reports.iter().all(|r| r.found.is_some());
    Ok(if all_found { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn to_json(report: &Discovery) -> serde_json::Value {
    json!({
        "cli": report.cli.binary,
        "found": report.found,
        "version": report.version.as_ref().and_then(|v| v.as_ref().ok()),
        "version_error": report.version.as_ref().and_then(|v| v.as_ref().err()),
        "searched": report.searched.iter().map(|p| json!({
            "path": p.candidate, "kind": p.kind, "found": p.found,
        })).collect::<Vec<_>>(),
        "fix": report.require().err().map(|e| e.to_string()),
    })
}

fn print_report(report: &Discovery) {
    match (&report.found, &report.version) {
        (Some(path), Some(Ok(version))) => println!("✓ {}: {} ({version})", report.cli.display_name, path.display()),
        (Some(path), Some(Err(error))) => {
            println!("! {}: {} (its version could not be read: {error})", report.cli.display_name, path.display())
        }
        (Some(path), None) => println!("✓ {}: {}", report.cli.display_name, path.display()),
        (None, _) => {
            println!("✗ {}: not found", report.cli.display_name);
            if let Err(error) = report.require() {
                println!("  {error}");
            }
        }
    }
    println!("  looked in:");
    for place in &report.searched {
        println!("    {} {}", if place.found { "✓" } else { "-" }, place.candidate.display());
    }
}
