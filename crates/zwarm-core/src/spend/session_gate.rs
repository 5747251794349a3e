//! The workspace budget for the sessions a user starts: at 80 % a warning
//! with the figures; at 100 % a refusal when `[budget] enforce_on_sessions`
//! says so (else a warning that it is spent). Both front ends start and
//! continue user sessions through here, so the rule lives once.
//!
//! The check fails closed: when a budget is set but the spend cannot be read,
//! an enforced budget refuses with the reason rather than let turns through;
//! when the `[budget]` table itself cannot be read, nobody knows whether it
//! is enforced, so new turns are refused until it is fixed.

use serde::Serialize;

use super::budget::{BudgetConfig, BudgetLevel, BudgetStatus};
use super::report::workspace_records;
use super::totals::Totals;
use crate::engine::{Engine, EngineError, EngineResult, StartRequest};
use crate::store::SessionMeta;

/// Where the workspace budget stands for a new user turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionBudgetCheck {
    /// The workspace budget, when one is set and its spend could be read.
    pub status: Option<BudgetStatus>,
    /// Shown before starting (80 % or more, or spent but not enforced).
    pub warning: Option<String>,
    /// Why a new turn may not start (spent and enforced).
    pub refusal: Option<String>,
}

/// Checks the workspace budget of `engine`'s workspace.
pub fn check_session_budget(engine: &Engine) -> SessionBudgetCheck {
    let config = match BudgetConfig::load(engine.workspace()) {
        Ok(config) => config,
        Err(error) => {
            return SessionBudgetCheck {
                status: None,
                warning: None,
                refusal: Some(format!(
                    "refused: the budget could not be read ({error}). Fix [budget] in \
                     .zwarm/config.toml (or Settings → Budgets), then try again"
                )),
            }
        }
    };
    let Some(limit) = config.workspace_usd else {
        return SessionBudgetCheck {
            status: None,
            warning: None,
            refusal: None,
        };
    };
    let spent = match workspace_records(engine) {
        Ok(read) => Totals::of(&read.records).cost_usd,
        Err(error) => {
            let reason = format!(
                "the workspace budget of {} cannot be checked: its spend could not be read ({error})",
                usd(limit)
            );
            return SessionBudgetCheck {
                status: None,
                warning: (!config.enforce_on_sessions).then(|| reason.clone()),
                refusal: config.enforce_on_sessions.then_some(reason),
            };
        }
    };
    let status = BudgetStatus::new("workspace", limit, spent);
    let figures = format!(
        "{} of the workspace budget of {} is spent ({:.0} %)",
        usd(status.spent_usd),
        usd(status.limit_usd),
        status.fraction * 100.0
    );
    let (warning, refusal) = match status.level {
        BudgetLevel::Ok => (None, None),
        BudgetLevel::Warning => (Some(figures), None),
        BudgetLevel::Exceeded if config.enforce_on_sessions => (
            None,
            Some(format!(
                "refused: {figures}. Raise it in Settings → Budgets or in [budget] of .zwarm/config.toml"
            )),
        ),
        BudgetLevel::Exceeded => (
            Some(format!("{figures}; new sessions still start because [budget] enforce_on_sessions is off")),
            None,
        ),
    };
    SessionBudgetCheck {
        status: Some(status),
        warning,
        refusal,
    }
}

/// Starts a user session unless an enforced budget is spent; returns it with
/// the budget warning to show, if any.
pub fn start_within_budget(
    engine: &Engine,
    request: StartRequest,
) -> EngineResult<(SessionMeta, Option<String>)> {
    let check = gate(engine)?;
    Ok((engine.start(request)?, check.warning))
}

/// Sends a follow-up unless an enforced budget is spent; returns the session
/// with the budget warning to show, if any.
pub fn continue_within_budget(
    engine: &Engine,
    id_or_prefix: &str,
    message: &str,
) -> EngineResult<(SessionMeta, Option<String>)> {
    let check = gate(engine)?;
    Ok((
        engine.continue_session(id_or_prefix, message)?,
        check.warning,
    ))
}

/// Dollars with cents, or with four decimals below a dollar (small test and
/// trial budgets would otherwise all read $0.00).
fn usd(value: f64) -> String {
    if value.abs() >= 1.0 {
        format!("${value:.2}")
    } else {
        format!("${value:.4}")
    }
}

fn gate(engine: &Engine) -> EngineResult<SessionBudgetCheck> {
    let check = check_session_budget(engine);
    match &check.refusal {
        Some(reason) => Err(EngineError::BudgetSpent {
            reason: reason.clone(),
        }),
        None => Ok(check),
    }
}
