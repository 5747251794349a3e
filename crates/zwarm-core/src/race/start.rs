//! Starting a race: everything that can be found wrong is found before any
//! agent runs (no task, too few entrants, a CLI missing, a folder outside
//! git, a spent budget); then each entrant starts as a session in a sibling
//! worktree from the same base.

use serde::{Deserialize, Serialize};

use super::{Entrant, Race, RaceError, RaceStore};
use crate::agents::Adapter;
use crate::engine::{Engine, EngineError, EngineResult, Isolation, SessionSummary, StartRequest};
use crate::store::Timestamp;

/// What to race.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaceRequest {
    pub task: String,
    pub entrants: Vec<EntrantRequest>,
    /// Run in each worktree once its agent ended; `None`: no check.
    pub check: Option<String>,
    /// The branch the worktrees start from; `None`: the current HEAD.
    pub base: Option<String>,
}

/// One agent to race, with its model (`None`: the CLI's default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntrantRequest {
    pub adapter: Adapter,
    pub model: Option<String>,
}

/// A race just started.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaceStarted {
    pub race: Race,
    /// The entrants' sessions, for a list to show at once.
    pub sessions: Vec<SessionSummary>,
    /// The workspace budget at 80 % or more.
    pub budget_warning: Option<String>,
}

/// Text with its blank ends cut; `None` when nothing is left.
fn filled(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

impl Engine {
    /// The workspace's races.
    pub fn races(&self) -> RaceStore {
        RaceStore::new(self.workspace().state_dir())
    }

    /// Starts `request.task` with every entrant, each in a worktree of its
    /// own made from the same base. Refused before anything starts when the
    /// request is incomplete, a CLI is missing, the workspace is not in a
    /// git repository, or the budget refuses new sessions. Should an entrant
    /// fail to start after the first did, the others run on and the race
    /// records why that one did not.
    pub fn race_start(&self, request: RaceRequest) -> EngineResult<RaceStarted> {
        let task = request.task.trim().to_string();
        if task.is_empty() {
            return Err(RaceError::NoTask.into());
        }
        if request.entrants.len() < 2 {
            return Err(RaceError::TooFewEntrants {
                count: request.entrants.len(),
            }
            .into());
        }
        for entrant in &request.entrants {
            self.find_cli(entrant.adapter)?;
        }
        self.worktrees()?;
        let budget = crate::spend::check_session_budget(self);
        if let Some(reason) = budget.refusal {
            return Err(EngineError::BudgetSpent { reason });
        }
        let base = filled(request.base.as_deref());
        let race = Race {
            id: uuid::Uuid::new_v4().to_string(),
            task: task.clone(),
            created_at: Timestamp::now(),
            base: base.clone(),
            check: filled(request.check.as_deref()),
            entrants: request
                .entrants
                .iter()
                .map(|e| Entrant {
                    adapter: e.adapter,
                    model: filled(e.model.as_deref()),
                    session_id: None,
                    start_error: None,
                    check: None,
                })
                .collect(),
            kept: None,
        };
        let store = self.races();
        store.create(&race)?;
        let mut sessions = Vec::new();
        let mut first_error = None;
        for (index, entrant) in race.entrants.iter().enumerate() {
            let started = self.start_in_race(
                StartRequest {
                    task: task.clone(),
                    adapter: entrant.adapter,
                    model: entrant.model.clone(),
                    mode: None,
                    working_dir: None,
                    source: "user".into(),
                    isolation: Some(Isolation::Worktree { base: base.clone() }),
                },
                Some(&race.id),
            );
            let (session_id, start_error) = match started {
                Ok(meta) => {
                    sessions.push(SessionSummary::from(&meta));
                    (Some(meta.id), None)
                }
                Err(error) => {
                    let message = error.to_string();
                    first_error.get_or_insert(error);
                    (None, Some(message))
                }
            };
            store.update(&race.id, |r| {
                if let Some(slot) = r.entrants.get_mut(index) {
                    slot.session_id = session_id;
                    slot.start_error = start_error;
                }
            })?;
        }
        if let (true, Some(error)) = (sessions.is_empty(), first_error) {
            // Nothing runs (a base branch that does not exist, say): no race.
            let _ = store.remove(&race.id);
            return Err(error);
        }
        Ok(RaceStarted {
            race: store.load(&race.id)?,
            sessions,
            budget_warning: budget.warning,
        })
    }
}
