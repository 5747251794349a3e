//! How a run is set up from the workspace's config and what a front end
//! asked: one rule for the app's start-run form and `zwarm orchestrate`, so
//! the two never disagree on a default or a limit (`Orchestrator::from_config`
//! builds the orchestrator from the same config).

use std::time::Duration;

use super::shell::ShellLimits;
use crate::checkpoints::PilotModel;
use crate::pilot::{OrchestrateConfig, PilotConfig};

/// How a new run is set up.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    pub task: String,
    pub model: PilotModel,
    pub max_steps: u32,
    pub budget_usd: Option<f64>,
    pub shell: bool,
}

/// What a front end asks of a new run; each `None` takes the default of
/// `[pilot]` (the model) or `[orchestrate]` (the rest).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunRequest {
    pub task: String,
    pub model: Option<PilotModel>,
    pub max_steps: Option<u32>,
    pub budget_usd: Option<f64>,
    pub shell: Option<bool>,
}

impl RunOptions {
    /// The options of a new run: what was asked, else the config's default.
    pub fn from_request(request: RunRequest, config: &PilotConfig) -> Self {
        Self {
            task: request.task,
            model: request.model.unwrap_or_else(|| config.model.clone()),
            max_steps: request.max_steps.unwrap_or(config.orchestrate.max_steps),
            budget_usd: request.budget_usd.or(config.orchestrate.budget_usd),
            shell: request.shell.unwrap_or(config.orchestrate.shell),
        }
    }
}

impl From<&OrchestrateConfig> for ShellLimits {
    fn from(config: &OrchestrateConfig) -> Self {
        Self {
            timeout: Duration::from_secs(config.shell_timeout_secs),
            max_output: config.shell_output_chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> PilotConfig {
        PilotConfig {
            orchestrate: OrchestrateConfig {
                max_steps: 7,
                budget_usd: Some(3.0),
                shell: false,
                shell_timeout_secs: 5,
                shell_output_chars: 300,
            },
            ..PilotConfig::default()
        }
    }

    #[test]
    fn what_is_not_asked_takes_the_configs_default() {
        let request = RunRequest {
            task: "tidy".into(),
            ..RunRequest::default()
        };
        let options = RunOptions::from_request(request, &config());
        assert_eq!(options.model, config().model);
        assert_eq!(
            (options.max_steps, options.budget_usd, options.shell),
            (7, Some(3.0), false)
        );
    }

    #[test]
    fn what_is_asked_wins_over_the_config() {
        let model = PilotModel {
            model: "other".into(),
            ..config().model
        };
        let request = RunRequest {
            task: "tidy".into(),
            model: Some(model.clone()),
            max_steps: Some(2),
            budget_usd: Some(0.5),
            shell: Some(true),
        };
        let options = RunOptions::from_request(request, &config());
        assert_eq!(options.model, model);
        assert_eq!(
            (options.max_steps, options.budget_usd, options.shell),
            (2, Some(0.5), true)
        );
    }

    #[test]
    fn the_shell_limits_come_from_the_orchestrate_table() {
        assert_eq!(
            ShellLimits::from(&config().orchestrate),
            ShellLimits {
                timeout: Duration::from_secs(5),
                max_output: 300
            }
        );
        assert_eq!(
            ShellLimits::default(),
            ShellLimits::from(&OrchestrateConfig::default()),
            "one default for both"
        );
    }
}
