//! Deleting a run that no longer runs: its folder goes, its money stays.

use crate::checkpoints::PilotStoreError;
use crate::ledger::Ledger;
use crate::pilot::PilotError;
use crate::spend::pilot_records;

use super::{Orchestrator, RunStatus};

impl Orchestrator {
    /// Deletes run `run_id` (id or unique prefix). Refused while it is
    /// running. Every step's spend is written to the ledger first (most are
    /// there already), so totals keep counting it; if that write fails,
    /// nothing is deleted.
    pub fn delete(&self, run_id: &str) -> Result<(), PilotError> {
        let id = self.store().resolve(run_id)?;
        let pilot = self.store().load(&id)?;
        match &pilot.meta.run {
            None => return Err(PilotStoreError::NotFound(run_id.to_string()).into()),
            Some(run) if run.status == RunStatus::Running => return Err(PilotError::RunRunning(id)),
            Some(_) => {}
        }
        let state_dir = self.engine.workspace().state_dir();
        Ledger::in_state_dir(&state_dir)
            .append(&pilot_records(&pilot))
            .map_err(|e| PilotError::SpendNotKept(e.to_string()))?;
        Ok(self.store().remove(&id)?)
    }
}
