//! The app's config lives at the repository root (`tauri.conf.json`), where the
//! product's layout keeps it. `src-tauri/tauri.conf.json` is a symlink to it, and
//! both this build step and the Tauri CLI read it through the symlink, so the
//! relative paths inside it (`../ui/dist`, `../icons/...`) resolve from `src-tauri/`.
//!
//! The app manifest lists our commands, so each gets an `allow-<name>`
//! permission and the webview may call only those granted in
//! `capabilities/default.json`.

const COMMANDS: &[&str] = &[
    "app_info",
    "ui_ready",
    "doctor",
    "session_modes",
    "open_workspace",
    "close_workspace",
    "open_workspaces",
    "recent_workspaces",
    "pick_folder",
    "list_sessions",
    "get_session",
    "session_events",
    "start_session",
    "continue_session",
    "fork_session",
    "preview_turn_files",
    "search_sessions",
    "find_in_session",
    "session_budget",
    "workspace_trust",
    "trust_workspace",
    "agent_settings",
    "set_agent_settings",
    "kill_session",
    "delete_session",
    "raw_turn",
    "reveal_folder",
    "turn_diff",
    "session_diff",
    "worktree_support",
    "merge_worktree",
    "worktree_patch",
    "remove_worktree",
    "list_worktrees",
    "prune_worktrees",
    "reveal_worktree",
    "subscribe",
    "list_approvals",
    "answer_approval",
    "approval_rules",
    "remove_approval_rule",
    "pilot_list",
    "pilot_defaults",
    "set_pilot_defaults",
    "pilot_create",
    "pilot_graph",
    "pilot_send",
    "pilot_stop",
    "pilot_travel",
    "pilot_name_branch",
    "pilot_key_status",
    "set_pilot_key",
    "pilot_preview_files",
    "pilot_restore_files",
    "pilot_set_budget",
    "spend_report",
    "export_spend_csv",
    "budget",
    "set_budget",
    "price_table",
    "set_price",
    "remove_price",
    "run_list",
    "run_defaults",
    "run_start",
    "run_pause",
    "run_resume",
    "run_stop",
    "run_delete",
    "run_subscribe",
    "race_start",
    "race_show",
    "race_check",
    "race_keep",
];

fn main() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("tauri build step failed: {error:#}");
        std::process::exit(1);
    }
}
