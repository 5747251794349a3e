//! The workspace's spend, grouped every way the spend view shows it.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Datelike, Local, NaiveDate};
use serde::Serialize;

use super::budget::{BudgetConfig, BudgetStatus};
use super::records::{pilot_records, session_records, SpendKind, SpendRecord};
use super::totals::{group_by, top, Group, Totals};
use crate::checkpoints::{Graph, Pilot, PilotStore};
use crate::engine::{Engine, EngineError, EngineResult};
use crate::ledger::Ledger;
use crate::store::SessionMeta;

/// Rows shown in the "top" lists.
pub const TOP: usize = 10;

/// Everything the spend view shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SpendReport {
    pub all_time: Totals,
    pub today: Totals,
    /// Since Monday (local time).
    pub this_week: Totals,
    /// The pilots' own LLM calls.
    pub pilot: Totals,
    /// The agent CLIs' turns.
    pub executor: Totals,
    /// Oldest day first.
    pub by_day: Vec<Group>,
    pub by_model: Vec<Group>,
    pub by_adapter: Vec<Group>,
    /// Keyed by session id; `title` in `session_titles`.
    pub top_sessions: Vec<Group>,
    /// Keyed by pilot id: its own LLM plus the sessions it started.
    pub top_pilots: Vec<Group>,
    pub by_orchestrator_run: Vec<Group>,
    /// `[id, title]` of the sessions in `top_sessions`.
    pub session_titles: Vec<(String, String)>,
    /// The sessions in `top_sessions` that were deleted: their spend stays.
    pub deleted_sessions: Vec<String>,
    /// `[id, name]` of the pilots in `top_pilots` (a run's is "Run: " and its task's first line).
    pub pilot_names: Vec<(String, String)>,
    /// The ids in `top_pilots` that are orchestrator runs, not pilots: the
    /// window opens those in the Runs view.
    pub run_ids: Vec<String>,
    pub budgets: Vec<BudgetStatus>,
    /// What could not be read (unreadable pilots), in words.
    pub problems: Vec<String>,
}

/// The workspace's spend records, what they were made from, and what could
/// not be read.
#[derive(Debug, Default)]
pub struct WorkspaceRecords {
    pub records: Vec<SpendRecord>,
    pub sessions: Vec<Arc<SessionMeta>>,
    pub pilots: Vec<Pilot>,
    /// Pilots and runs that could not be read, each with why and what to do.
    /// Each is left out on its own (one never hides the others); its steps'
    /// spend still counts from the ledger, which records every step.
    pub problems: Vec<String>,
}

/// The records of every session and pilot of the workspace, and those of the
/// spend ledger that neither holds any more (deleted sessions, unreadable
/// pilots): money spent stays spent.
pub fn workspace_records(engine: &Engine) -> EngineResult<WorkspaceRecords> {
    let sessions = engine.list(None)?.sessions;
    let (pilots, problems) = readable_pilots(&PilotStore::new(engine.workspace().state_dir()));
    let mut records: Vec<SpendRecord> = sessions.iter().flat_map(|meta| session_records(meta)).collect();
    records.extend(pilots.iter().flat_map(pilot_records));
    let ledger = Ledger::in_state_dir(&engine.workspace().state_dir());
    let written = ledger.read().map_err(|source| EngineError::Io {
        path: ledger.path().to_path_buf(),
        source,
    })?;
    let live: HashSet<String> = records.iter().map(SpendRecord::key).collect();
    records.extend(
        written
            .records
            .into_iter()
            .filter(|r| !live.contains(&r.key())),
    );
    Ok(WorkspaceRecords {
        records,
        sessions,
        pilots,
        problems,
    })
}

/// Every pilot and run that can be read, and a problem for each one that
/// cannot (or for the folder, when it cannot be listed at all).
fn readable_pilots(store: &PilotStore) -> (Vec<Pilot>, Vec<String>) {
    const FIX: &str = "its steps' spend still counts from .zwarm/spend.jsonl; repair or delete it";
    let (metas, broken) = match store.list() {
        Ok(listed) => listed,
        Err(error) => {
            return (
                Vec::new(),
                vec![format!(
                    "the pilots could not be listed ({error}); their steps' spend still counts \
                     from .zwarm/spend.jsonl, but pilot budgets cannot be shown"
                )],
            )
        }
    };
    let mut problems: Vec<String> = broken
        .into_iter()
        .map(|why| format!("unreadable pilot {why}; {FIX}"))
        .collect();
    let mut pilots = Vec::with_capacity(metas.len());
    for meta in metas {
        match store.load(&meta.id) {
            Ok(pilot) => pilots.push(pilot),
            Err(error) => problems.push(format!("unreadable pilot {}: {error}; {FIX}", meta.id)),
        }
    }
    (pilots, problems)
}

/// What one pilot (or orchestrator run) has spent: its own LLM plus the
/// sessions it started.
pub fn pilot_spend(records: &[SpendRecord], pilot_id: &str) -> Totals {
    Totals::of(records.iter().filter(|r| {
        r.pilot_id.as_deref() == Some(pilot_id) || r.orchestrator_run.as_deref() == Some(pilot_id)
    }))
}

/// The budgets that apply, with where they stand. `pilot` limits one pilot's
/// budget to that pilot (the others are left out).
pub fn budget_statuses(
    config: &BudgetConfig,
    records: &[SpendRecord],
    pilots: &[Pilot],
    pilot: Option<&str>,
) -> Vec<BudgetStatus> {
    let mut statuses = Vec::new();
    if let Some(limit) = config.workspace_usd {
        statuses.push(BudgetStatus::new(
            "workspace",
            limit,
            Totals::of(records).cost_usd,
        ));
    }
    for p in pilots
        .iter()
        .filter(|p| pilot.is_none_or(|id| id == p.meta.id))
    {
        if let Some(limit) = p.meta.budget_usd.or(config.pilot_usd) {
            statuses.push(BudgetStatus::new(
                format!("pilot {}", p.meta.name),
                limit,
                pilot_spend(records, &p.meta.id).cost_usd,
            ));
        }
    }
    statuses
}

impl SpendReport {
    pub fn compute(engine: &Engine, budget: &BudgetConfig) -> EngineResult<Self> {
        let read = workspace_records(engine)?;
        Ok(Self {
            problems: read.problems,
            ..Self::from_records(
                &read.records,
                &read.sessions,
                &read.pilots,
                budget,
                Local::now().date_naive(),
            )
        })
    }

    pub fn from_records(
        records: &[SpendRecord],
        sessions: &[Arc<SessionMeta>],
        pilots: &[Pilot],
        budget: &BudgetConfig,
        today: NaiveDate,
    ) -> Self {
        let monday =
            today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let top_sessions = top(
            group_by(
                records.iter().filter(|r| r.kind == SpendKind::Executor),
                |r| r.session_id.clone(),
            ),
            TOP,
        );
        // A run's sessions carry its id as `orchestrator_run`: they count for it.
        let top_pilots = top(
            group_by(records, |r| {
                r.pilot_id.clone().or_else(|| r.orchestrator_run.clone())
            }),
            TOP,
        );
        let title = |id: &str| {
            sessions
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.task.lines().next().unwrap_or_default().to_string())
                .or_else(|| {
                    records
                        .iter()
                        .find(|r| r.session_id.as_deref() == Some(id))
                        .and_then(|r| r.title.clone())
                })
        };
        let deleted_sessions = top_sessions
            .iter()
            .filter(|g| !sessions.iter().any(|s| s.id == g.key))
            .map(|g| g.key.clone())
            .collect();
        let name = |id: &str| {
            pilots.iter().find(|p| p.meta.id == id).map(|p| match &p.meta.run {
                Some(run) => format!("Run: {}", run.task.lines().next().unwrap_or_default()),
                None => p.meta.name.clone(),
            })
        };
        let run_ids = top_pilots
            .iter()
            .filter(|g| pilots.iter().any(|p| p.meta.id == g.key && p.meta.run.is_some()))
            .map(|g| g.key.clone())
            .collect();
        Self {
            all_time: Totals::of(records),
            today: Totals::of(records.iter().filter(|r| r.day == today)),
            this_week: Totals::of(records.iter().filter(|r| r.day >= monday && r.day <= today)),
            pilot: Totals::of(records.iter().filter(|r| r.kind == SpendKind::Pilot)),
            executor: Totals::of(records.iter().filter(|r| r.kind == SpendKind::Executor)),
            by_day: group_by(records, |r| Some(r.day.to_string())),
            by_model: group_by(records, |r| Some(r.model.clone())),
            by_adapter: group_by(records, |r| Some(r.adapter.clone())),
            session_titles: top_sessions
                .iter()
                .filter_map(|g| title(&g.key).map(|t| (g.key.clone(), t)))
                .collect(),
            pilot_names: top_pilots
                .iter()
                .filter_map(|g| name(&g.key).map(|n| (g.key.clone(), n)))
                .collect(),
            deleted_sessions,
            run_ids,
            top_sessions,
            top_pilots,
            by_orchestrator_run: group_by(records, |r| r.orchestrator_run.clone()),
            budgets: budget_statuses(budget, records, pilots, None),
            problems: Vec::new(),
        }
    }
}

/// The spend of a pilot branch: every node from the root to `node_id`, the
/// pilot's own LLM and the executor turns those pilot turns caused.
pub fn branch_totals(graph: &Graph, node_id: &str) -> (Totals, Totals) {
    let mut pilot = Totals::default();
    let mut executor = Totals::default();
    for node in graph.path_to(node_id) {
        pilot.turns += 1;
        pilot.usage = pilot.usage.add(&node.pilot_usage);
        match node.pilot_cost_usd {
            Some(usd) => pilot.cost_usd += usd,
            None if !node.pilot_usage.is_zero() => {
                pilot.unpriced_turns += 1;
                pilot.unpriced_tokens += node.pilot_usage.total();
            }
            None => {}
        }
        executor.turns += 1;
        executor.usage = executor.usage.add(&node.executor_usage);
        match node.executor_cost_usd {
            Some(usd) => executor.cost_usd += usd,
            None if !node.executor_usage.is_zero() => {
                executor.unpriced_turns += 1;
                executor.unpriced_tokens += node.executor_usage.total();
            }
            None => {}
        }
    }
    (pilot, executor)
}
