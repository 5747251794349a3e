//! Honest spend accounting: every executor turn and every pilot turn as one
//! record ([`records`]), summed by any key ([`totals`]) into the report the
//! spend view shows ([`report`]), budgets ([`budget`]) and CSV ([`export`]).
//!
//! Cached input and cache writes are priced apart (see [`crate::cost`]), a
//! CLI's own reported cost is preferred and our estimate kept beside it, and
//! tokens without a price are counted as unpriced, never as $0.

pub mod budget;
pub mod export;
pub mod reconcile;
pub mod records;
pub mod report;
pub mod session_gate;
pub mod totals;

pub use budget::{save_budget, BudgetConfig, BudgetLevel, BudgetStatus};
pub use export::to_csv;
pub use records::{pilot_node_record, pilot_records, session_records, SpendKind, SpendRecord};

/// Writes a finished pilot turn or run step into the spend ledger. A failed
/// write loses nothing: the node keeps its figures, and totals read both.
pub fn record_pilot_node(
    workspace: &crate::workspace::Workspace,
    pilot: &crate::checkpoints::PilotMeta,
    node: &crate::checkpoints::Node,
) {
    if let Some(record) = pilot_node_record(pilot, node) {
        let _ = crate::ledger::Ledger::in_state_dir(&workspace.state_dir()).append(&[record]);
    }
}
pub use reconcile::{reconcile, Discrepancy, Reconciliation};
pub use report::{
    branch_totals, budget_statuses, pilot_spend, workspace_records, SpendReport, WorkspaceRecords,
};
pub use session_gate::{
    check_session_budget, continue_within_budget, start_within_budget, SessionBudgetCheck,
};
pub use totals::{Group, Totals};

#[cfg(test)]
mod tests;
