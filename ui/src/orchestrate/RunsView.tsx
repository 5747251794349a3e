// The Orchestrate view of a workspace: autonomous runs. The list of runs on
// the left; the selected run's header, controls, timeline and sessions on the
// right; "New run" opens the start form. Live updates come from one
// subscription per workspace (runBus), shared by the list and the detail.
import { useEffect, useState } from "react";
import type { PilotMeta, SessionSummary } from "../api";
import { rememberedRun, rememberSelectedRun } from "./selection";
import { NewRunDialog } from "./NewRunDialog";
import { RunDetail } from "./RunDetail";
import { RunList } from "./RunList";
import { useRuns } from "./useRuns";
import "../thread/thread.css";
import "./orchestrate.css";

type Props = {
  workspace: string;
  /** The workspace's sessions as listed live: the sessions a run started show their status now. */
  sessions: SessionSummary[];
  /** Shows an agent session in the Sessions view. */
  onOpenSession: (id: string) => void;
};

export function RunsView({ workspace, sessions, onOpenSession }: Props) {
  const runs = useRuns(workspace);
  const [selected, setSelectedState] = useState<string | null>(() => rememberedRun(workspace));
  const [creating, setCreating] = useState(false);

  useEffect(() => setSelectedState(rememberedRun(workspace)), [workspace]);
  function setSelected(id: string | null) {
    setSelectedState(id);
    rememberSelectedRun(workspace, id);
  }

  // Until the user picks one (or when the one picked is gone), the newest run is open.
  const shown = runs.runs.find((r) => r.meta.id === selected) ?? runs.runs[0];

  function changed(meta: PilotMeta) {
    runs.patchMeta(meta);
    void runs.reload();
  }

  function started(meta: PilotMeta) {
    setCreating(false);
    setSelected(meta.id);
    changed(meta);
  }

  return (
    <div className="runs-view" data-testid="runs-view">
      <aside className="runs-sidebar">
        <RunList
          runs={runs.runs}
          loaded={runs.loaded}
          error={runs.error}
          selected={shown?.meta.id ?? null}
          onSelect={setSelected}
          onNewRun={() => setCreating(true)}
        />
        {runs.liveError && (
          <p className="warning small" data-testid="runs-live-error">
            Live updates are off ({runs.liveError}); the list refreshes every few seconds while a run is running.
          </p>
        )}
      </aside>
      <div className="runs-main">
        {shown ? (
          <RunDetail
            key={shown.meta.id}
            workspace={workspace}
            info={shown}
            sessions={sessions}
            onChanged={changed}
            onStarted={started}
            onDeleted={() => {
              setSelected(null);
              void runs.reload();
            }}
            onOpenSession={onOpenSession}
          />
        ) : (
          runs.loaded && (
            <p className="muted runs-placeholder">
              {runs.runs.length === 0 ? "Start a run to see its steps here." : "Select a run to see its steps."}
            </p>
          )
        )}
      </div>
      {creating && (
        <NewRunDialog workspace={workspace} onClose={() => setCreating(false)} onStarted={started} onFailed={() => void runs.reload()} />
      )}
    </div>
  );
}
