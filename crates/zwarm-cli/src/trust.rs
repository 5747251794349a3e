//! `zwarm trust`: the user's explicit consent to what a workspace's config
//! asks for (see `zwarm_core::trust`).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use zwarm_core::engine::EngineSettings;
use zwarm_core::trust::TrustStore;
use zwarm_core::Workspace;

pub fn run(workspace: &Path, revoke: bool) -> anyhow::Result<ExitCode> {
    let workspace = Workspace::open(workspace)?;
    let store = TrustStore::for_user()
        .context("no config folder for this user (set ZWARM_CONFIG_DIR) to keep the trust in")?;
    let root = workspace.root();
    if revoke {
        let was = store.revoke(root)?;
        println!(
            "{} {}",
            if was {
                "No longer trusted:"
            } else {
                "Was not trusted:"
            },
            root.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // What the file asks for, whether trusted yet or not.
    let settings = EngineSettings::load_trusting(&workspace, None)?;
    let wants = settings.config_wants;
    if wants.is_empty() {
        println!(
            "{}/.zwarm/config.toml asks for nothing that needs trust.",
            root.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.trust(root, &wants)?;
    println!("Trusted {} with:", root.display());
    for line in &wants.settings {
        println!("  {line}");
    }
    println!(
        "(kept in {}; if the file asks for anything else, zwarm asks again)",
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}
