// One workspace's sidebar and main area (its sessions, or in the Pilot view
// its pilots), with its session dialogs.
import { useCallback, useEffect, useState } from "react";
import type { RaceStarted, SessionSummary, WorkspaceInfo } from "../api";
import { NewSessionDialog } from "../sessions/NewSessionDialog";
import { RaceDialog } from "../race/RaceDialog";
import { RaceSlot } from "../race/RaceSlot";
import { QuickSwitcher } from "../sessions/QuickSwitcher";
import { SessionSidebar } from "../sessions/SessionSidebar";
import { useLastSeen } from "../sessions/lastSeen";
import { useSelectedSession } from "../sessions/useSelectedSession";
import { useSessions } from "../sessions/useSessions";
import { FirstRun } from "../settings/FirstRun";
import type { DoctorState } from "../settings/useDoctor";
import type { OpenDialog } from "./dialogs";
import { EmptyState } from "./EmptyState";
import { rememberSelectedRun } from "../orchestrate/selection";
import { rememberSelectedPilot } from "../pilot/usePilots";
import { PilotSlot } from "./PilotSlot";
import { SidebarResizer } from "./SidebarResizer";
import { preloadThread, ThreadSlot } from "./ThreadSlot";
import type { WorkspaceViewMode } from "./view";
import { WideSlot } from "./WideSlots";
import { useWorkspaceGone } from "../workspace/useWorkspaceGone";
import { WorkspaceGone } from "../workspace/WorkspaceGone";
import { TrustBanner } from "../workspace/TrustBanner";

/** How long after the sidebar shows sessions the thread view's code is fetched. */
const PRELOAD_DELAY_MS = 300;

type Props = {
  workspace: WorkspaceInfo;
  dialog: OpenDialog;
  setDialog: (dialog: OpenDialog) => void;
  firstRun: boolean;
  doctorState: DoctorState;
  onRecheckDoctor: () => void;
  sidebarWidth: number;
  onResizeSidebar: (width: number) => void;
  view: WorkspaceViewMode;
  onViewChange: (view: WorkspaceViewMode) => void;
};

export function WorkspaceView(props: Props) {
  const { workspace, dialog, setDialog, view, onViewChange } = props;
  const root = workspace.root;
  const sessions = useSessions(root);
  const gone = useWorkspaceGone(root);
  const { lastSeen, markSeen } = useLastSeen(root);
  const [selectedId, selectSession] = useSelectedSession(root);
  // A race's comparison shown in the main area instead of a session.
  const [raceId, setRaceId] = useState<string | null>(null);
  const [raceTask, setRaceTask] = useState("");
  const select = useCallback(
    (id: string | null) => {
      setRaceId(null);
      selectSession(id);
    },
    [selectSession],
  );
  const selected = sessions.sessions.find((s) => s.id === selectedId) ?? null;

  // Whether zwarm was used here: the folder's state when opened, or any session listed since.
  const [used, setUsed] = useState(workspace.has_state);
  const listed = sessions.sessions.length > 0;
  useEffect(() => {
    if (listed) setUsed(true);
  }, [listed]);

  const selectedEndedAt = selected?.ended_at ?? null;
  useEffect(() => {
    if (selectedId) markSeen(selectedId, selectedEndedAt);
  }, [selectedId, selectedEndedAt, markSeen]);

  // The thread view's code (Markdown, highlighting) is most of the UI's
  // weight: fetch it once the sidebar is drawn, before the reader clicks.
  const hasSessions = sessions.sessions.length > 0;
  useEffect(() => {
    if (!hasSessions) return;
    const timer = setTimeout(() => void preloadThread().catch(() => undefined), PRELOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [hasSessions]);

  useEffect(() => {
    if (!sessions.loading && !sessions.error && selectedId && !selected) selectSession(null);
  }, [sessions.loading, sessions.error, selectedId, selected, selectSession]);

  function onStarted(session: SessionSummary) {
    sessions.upsert(session);
    select(session.id);
    setDialog(null);
    onViewChange("sessions");
  }

  function onRaceStarted(started: RaceStarted) {
    started.sessions.forEach(sessions.upsert);
    setRaceId(started.race.id);
    setDialog(null);
    onViewChange("sessions");
  }

  /** "Branch from here" made a new session: list it and show it. */
  const { upsert } = sessions;
  const onForked = useCallback(
    (session: SessionSummary) => {
      upsert(session);
      select(session.id);
    },
    [upsert, select],
  );

  /** From the Pilot view or the quick switcher: show a session. */
  const openSession = useCallback(
    (id: string) => {
      select(id);
      onViewChange("sessions");
    },
    [select, onViewChange],
  );

  /** From the spend view: show a pilot, or a run in the Runs view. */
  const openPilot = useCallback(
    (id: string, isRun: boolean) => {
      if (isRun) {
        rememberSelectedRun(root, id);
        onViewChange("runs");
      } else {
        rememberSelectedPilot(root, id);
        onViewChange("pilot");
      }
    },
    [root, onViewChange],
  );

  // A deleted folder: say so, instead of the errors and stale sessions its
  // views would show.
  if (gone) return <WorkspaceGone root={root} />;

  return (
    <>
      <TrustBanner workspace={root} />
      {view === "runs" || view === "spend" || view === "settings" ? (
        <WideSlot view={view} workspace={root} sessions={sessions.sessions} onOpenSession={openSession} onOpenPilot={openPilot} />
      ) : view === "pilot" ? (
        <PilotSlot
          workspace={root}
          sessions={sessions.sessions}
          onOpenSession={openSession}
          sidebarWidth={props.sidebarWidth}
          onResizeSidebar={props.onResizeSidebar}
        />
      ) : (
        <>
          <aside className="shell-sidebar" aria-label="Sessions">
            <SessionSidebar
              workspace={root}
              state={sessions}
              selectedId={raceId ? null : selectedId}
              lastSeen={lastSeen}
              onSelect={select}
              openRaceId={raceId}
              onOpenRace={setRaceId}
            />
            <SidebarResizer width={props.sidebarWidth} onResize={props.onResizeSidebar} />
          </aside>
          <main className="shell-main">
            {raceId ? (
              <RaceSlot workspace={root} raceId={raceId} sessions={sessions.sessions} onOpenSession={select} />
            ) : selectedId && (selected || sessions.loading) ? (
              <ThreadSlot workspace={root} sessionId={selectedId} onForked={onForked} />
            ) : props.firstRun ? (
              <FirstRun state={props.doctorState} onRecheck={props.onRecheckDoctor} />
            ) : (
              <EmptyState
                workspace={workspace}
                sessionCount={sessions.sessions.length}
                used={used}
                onNewSession={() => setDialog("new-session")}
              />
            )}
          </main>
        </>
      )}
      {dialog === "new-session" && (
        <NewSessionDialog
          workspace={root}
          onClose={() => setDialog(null)}
          onStarted={onStarted}
          onRace={(task) => {
            setRaceTask(task);
            setDialog("race");
          }}
        />
      )}
      {dialog === "race" && (
        <RaceDialog workspace={root} initialTask={raceTask} onClose={() => setDialog(null)} onStarted={onRaceStarted} />
      )}
      {dialog === "quick-switcher" && (
        <QuickSwitcher sessions={sessions.sessions} onSelect={openSession} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
