// The Pilot view of a workspace: the list of pilots on the left; the selected
// pilot's status strip, chat and checkpoint graph on the right.
import { useEffect, useMemo, useRef, useState } from "react";
import type { SessionSummary } from "../api";
import { SessionsApprovals } from "../approvals/SessionsApprovals";
import { PilotGraphPanel } from "../graph/PilotGraphPanel";
import { readStored, writeStored } from "../shell/storage";
import { SidebarResizer } from "../shell/SidebarResizer";
import { KeysDialog, usePilotKeys } from "./keys";
import { SessionLinksContext, type SessionLinks } from "./links";
import { NewPilotDialog } from "./NewPilotDialog";
import { PilotChat } from "./PilotChat";
import { PilotList } from "./PilotList";
import { StatusStrip } from "./StatusStrip";
import { useLiveTurn, useRunningPilots } from "./turns";
import { usePilotGraph } from "./usePilotGraph";
import { usePilots } from "./usePilots";
import "../thread/thread.css";
import "./pilot.css";

type Props = {
  workspace: string;
  /** The workspace's sessions (for links from tool calls and snapshots). */
  sessions: SessionSummary[];
  /** Shows a session in the Sessions view. */
  onOpenSession: (id: string) => void;
  sidebarWidth: number;
  onResizeSidebar: (width: number) => void;
};

const graphShownKey = "zwarm.pilot.graph-shown";

type WorkspaceProps = {
  workspace: string;
  pilot: string;
  /** The sessions this pilot started: their approvals are shown here too. */
  sessions: SessionSummary[];
  onChanged: () => void;
};

function PilotWorkspace({ workspace, pilot, sessions, onChanged }: WorkspaceProps) {
  const state = usePilotGraph(workspace, pilot);
  const live = useLiveTurn(workspace, pilot);
  const keys = usePilotKeys();
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const [graphShown, setGraphShown] = useState(() => readStored<boolean>(graphShownKey, true));
  const running = live?.status === "running" || state.runningElsewhere;

  function toggleGraph() {
    setGraphShown((shown) => {
      writeStored(graphShownKey, !shown);
      return !shown;
    });
  }

  if (!state.graph) {
    return state.error ? (
      <div role="alert" className="error pilot-load-error" data-testid="pilot-load-error">
        Could not read the pilot: {state.error}{" "}
        <button type="button" onClick={() => void state.reload()}>
          Retry
        </button>
      </div>
    ) : (
      <p className="muted pilot-loading">Loading the pilot…</p>
    );
  }
  const graph = state.graph;
  return (
    <div className="pilot-view" data-testid="pilot-view" data-pilot-id={pilot}>
      <div className="pilot-top">
        <h2 className="pilot-title" title={graph.meta.id}>
          {graph.meta.name}
        </h2>
        <StatusStrip graph={graph} running={running} />
        <button type="button" className="small" data-testid="pilot-graph-toggle" aria-pressed={graphShown} onClick={toggleGraph}>
          {graphShown ? "Hide graph" : "Show graph"}
        </button>
      </div>
      {state.error && (
        <p role="alert" className="error small" data-testid="pilot-refresh-error">
          Could not refresh the pilot: {state.error}
        </p>
      )}
      <SessionsApprovals workspace={workspace} sessions={sessions} />
      <div className={`pilot-body${graphShown ? " with-graph" : ""}`}>
        <PilotChat
          workspace={workspace}
          graph={graph}
          live={live}
          runningElsewhere={state.runningElsewhere}
          keys={keys.keys}
          onKeySaved={() => void keys.reload()}
          composerRef={composerRef}
        />
        {graphShown && (
          <PilotGraphPanel
            workspace={workspace}
            graph={graph}
            busy={running}
            onMeta={state.applyMeta}
            onReload={() => {
              void state.reload();
              onChanged();
            }}
            onFocusComposer={() => composerRef.current?.focus()}
          />
        )}
      </div>
    </div>
  );
}

export function PilotView({ workspace, sessions, onOpenSession, sidebarWidth, onResizeSidebar }: Props) {
  const pilots = usePilots(workspace);
  const running = useRunningPilots(workspace);
  const [dialog, setDialog] = useState<"new" | "keys" | null>(null);

  const links = useMemo<SessionLinks>(() => {
    const byId = new Map(sessions.map((s) => [s.id, s] as const));
    return {
      resolve: (idOrPrefix) => {
        const exact = sessions.find((s) => s.id === idOrPrefix);
        if (exact) return exact.id;
        const matches = sessions.filter((s) => s.id.startsWith(idOrPrefix));
        return matches.length === 1 ? matches[0].id : null;
      },
      open: onOpenSession,
      summary: (id) => byId.get(id) ?? null,
    };
  }, [sessions, onOpenSession]);

  // The list's turn counts and running flags follow the turns of this window.
  const runningKey = [...running].sort().join(",");
  const seenRunning = useRef(runningKey);
  const reloadPilots = pilots.reload;
  useEffect(() => {
    if (seenRunning.current === runningKey) return;
    seenRunning.current = runningKey;
    void reloadPilots();
  }, [runningKey, reloadPilots]);

  return (
    <SessionLinksContext.Provider value={links}>
      <aside className="shell-sidebar" aria-label="Pilots">
        <PilotList
          state={pilots}
          selectedId={pilots.selectedId}
          running={running}
          onSelect={pilots.select}
          onNew={() => setDialog("new")}
          onKeys={() => setDialog("keys")}
        />
        <SidebarResizer width={sidebarWidth} onResize={onResizeSidebar} />
      </aside>
      <main className="shell-main pilot-main">
        {pilots.selectedId ? (
          <PilotWorkspace
            key={pilots.selectedId}
            workspace={workspace}
            pilot={pilots.selectedId}
            sessions={sessions.filter((s) => s.source === `pilot:${pilots.selectedId}`)}
            onChanged={() => void pilots.reload()}
          />
        ) : (
          !pilots.loading && (
            <div className="empty-state" data-testid="pilot-empty">
              <h2>No pilot yet</h2>
              <p className="muted">
                A pilot is a model you chat with that starts agent sessions, waits for them, checks their work and
                reports back. Every turn is a checkpoint you can go back to and branch from.
              </p>
              <button type="button" className="primary" onClick={() => setDialog("new")}>
                New pilot
              </button>
            </div>
          )
        )}
      </main>
      {dialog === "new" && (
        <NewPilotDialog
          workspace={workspace}
          onClose={() => setDialog(null)}
          onCreated={(meta) => {
            pilots.added(meta);
            setDialog(null);
          }}
        />
      )}
      {dialog === "keys" && <KeysDialog onClose={() => setDialog(null)} />}
    </SessionLinksContext.Provider>
  );
}
