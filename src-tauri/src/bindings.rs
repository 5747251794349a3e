//! The typed bridge: which commands the UI may call, and the TypeScript file
//! generated from them (`ui/src/bindings.ts`). The generated file is committed;
//! a test fails when it no longer matches the Rust side.

use tauri_specta::{collect_commands, Builder};

use crate::commands::{agents, app, approvals, live, orchestrate, pilot, race, sessions, spend, trust, workspaces, worktrees};

/// Path of the generated bindings, relative to this crate.
#[cfg(test)]
const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            app::app_info::<tauri::Wry>,
            app::ui_ready,
            app::doctor,
            app::session_modes,
            workspaces::open_workspace::<tauri::Wry>,
            workspaces::close_workspace::<tauri::Wry>,
            workspaces::open_workspaces::<tauri::Wry>,
            workspaces::recent_workspaces::<tauri::Wry>,
            workspaces::pick_folder::<tauri::Wry>,
            sessions::list_sessions,
            sessions::get_session,
            sessions::session_events,
            sessions::start_session,
            sessions::continue_session,
            sessions::fork_session,
            sessions::preview_turn_files,
            sessions::search_sessions,
            sessions::find_in_session,
            sessions::session_budget,
            sessions::kill_session,
            sessions::delete_session,
            sessions::raw_turn,
            sessions::reveal_folder::<tauri::Wry>,
            worktrees::turn_diff,
            worktrees::session_diff,
            worktrees::worktree_support,
            worktrees::merge_worktree,
            worktrees::worktree_patch,
            worktrees::remove_worktree,
            worktrees::list_worktrees,
            worktrees::prune_worktrees,
            worktrees::reveal_worktree::<tauri::Wry>,
            trust::workspace_trust,
            trust::trust_workspace::<tauri::Wry>,
            agents::agent_settings,
            agents::set_agent_settings::<tauri::Wry>,
            live::subscribe::<tauri::Wry>,
            approvals::list_approvals,
            approvals::answer_approval,
            approvals::approval_rules,
            approvals::remove_approval_rule,
            pilot::pilot_list,
            pilot::pilot_defaults,
            pilot::set_pilot_defaults,
            pilot::pilot_create,
            pilot::pilot_graph,
            pilot::pilot_send::<tauri::Wry>,
            pilot::pilot_stop,
            pilot::pilot_travel,
            pilot::pilot_name_branch,
            pilot::pilot_key_status::<tauri::Wry>,
            pilot::set_pilot_key::<tauri::Wry>,
            pilot::pilot_preview_files,
            pilot::pilot_restore_files,
            pilot::pilot_set_budget,
            spend::spend_report,
            spend::export_spend_csv::<tauri::Wry>,
            spend::budget,
            spend::set_budget,
            spend::price_table,
            spend::set_price,
            spend::remove_price,
            orchestrate::run_list,
            orchestrate::run_defaults,
            orchestrate::run_start::<tauri::Wry>,
            orchestrate::run_pause,
            orchestrate::run_resume::<tauri::Wry>,
            orchestrate::run_stop,
            orchestrate::run_delete,
            orchestrate::run_subscribe::<tauri::Wry>,
            race::race_start,
            race::race_show,
            race::race_check,
            race::race_keep,
        ])
        // One TypeScript type per Rust type: our IPC types are not deserialized
        // differently from how they are serialized, so no `_Serialize` variants.
        .disable_serde_phases()
        // Token counts and process start times are u64; they stay far below 2^53.
        .dangerously_cast_bigints_to_number()
}
/// Writes the TypeScript bindings to `path` (only the staleness test and
/// `make bindings`, which runs it, need this).
#[cfg(test)]
fn export<R: tauri::Runtime>(builder: &Builder<R>, path: &std::path::Path) -> anyhow::Result<()> {
    let header = "// Generated from Rust by tauri-specta (src-tauri/src/bindings.rs). Do not edit.\n\
                  // Regenerate with `make bindings`.\n";
    builder
        .export(specta_typescript::Typescript::default().header(header), path)
        .map_err(|e| anyhow::anyhow!("exporting TypeScript bindings to {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn committed_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH)
    }

    /// Fails when `ui/src/bindings.ts` is stale. With `UPDATE_BINDINGS=1` it
    /// rewrites the file instead (what `make bindings` does).
    #[test]
    fn generated_bindings_are_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let fresh_path = dir.path().join("bindings.ts");
        export(&builder(), &fresh_path).unwrap();
        let fresh = std::fs::read_to_string(&fresh_path).unwrap();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(committed_path(), &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run `make bindings` and commit the result"
        );
        assert!(fresh.contains("appInfo"), "the bindings should expose the app_info command");
    }

    /// The page cannot name the file the spend CSV is written to: only the
    /// native save dialog, run from Rust, can (it once overwrote a `.bashrc`).
    #[test]
    fn the_page_cannot_choose_where_files_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bindings.ts");
        export(&builder(), &path).unwrap();
        let fresh = std::fs::read_to_string(&path).unwrap();
        let export_line = fresh.lines().find(|l| l.contains("exportSpendCsv:")).expect("exportSpendCsv is bound");
        assert!(export_line.contains("exportSpendCsv: (workspace: string) =>"), "{export_line}");
    }
}
