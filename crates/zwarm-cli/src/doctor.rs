//! `zwarm doctor`: where the agent CLIs are, their versions, and how to fix a
//! missing one (the same report as the app's doctor panel).

use std::path::Path;
use std::process::ExitCode;

use zwarm_core::doctor::{doctor, CliReport};
use zwarm_core::engine::{ConfigError, EngineSettings};

/// `config_error`: why the workspace's `.zwarm/config.toml` could not be
/// used. It is reported (on stderr with `--json`, whose stdout is a list of
/// CLI reports by contract) and fails the check like a missing CLI.
pub fn run(
    settings: &EngineSettings,
    workspace: Option<&Path>,
    config_error: Option<&ConfigError>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let reports = doctor(settings, workspace);
    if json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
        if let Some(error) = config_error {
            eprintln!("✗ config: {error}");
        }
    } else {
        reports.iter().for_each(print_report);
        if let Some(error) = config_error {
            println!("✗ config: {error}");
        }
    }
    let all_found = reports.iter().all(|r| r.found.is_some());
    Ok(if all_found && config_error.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_report(report: &CliReport) {
    match (&report.found, &report.version, &report.version_error) {
        (Some(path), Some(version), _) => println!("✓ {}: {path} ({version})", report.display_name),
        (Some(path), None, Some(error)) => {
            println!(
                "! {}: {path} (its version could not be read: {error})",
                report.display_name
            )
        }
        (Some(path), None, None) => println!("✓ {}: {path}", report.display_name),
        (None, _, _) => {
            println!("✗ {}: not found", report.display_name);
            if let Some(fix) = &report.fix {
                println!("  {fix}");
            }
        }
    }
    if let Some(note) = &report.version_note {
        println!("  ! {note}");
    }
    if let Some(login) = &report.login {
        println!("  {}", login.words);
    }
    println!("  looked in:");
    for place in &report.searched {
        println!("    {} {}", if place.found { "✓" } else { "-" }, place.path);
    }
}
