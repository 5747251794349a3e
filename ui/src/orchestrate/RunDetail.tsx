// The open run: its header and controls, its timeline of steps (recorded,
// then live), and the sessions it started.
import type { PilotMeta, RunInfo, SessionSummary } from "../api";
import { RunHeader } from "./RunHeader";
import { RunSessions } from "./RunSessions";
import { RunTimeline } from "./RunTimeline";
import { latestSessions } from "./timeline";
import { useRunDetail } from "./useRunDetail";

type Props = {
  workspace: string;
  info: RunInfo;
  sessions: SessionSummary[];
  onChanged: (meta: PilotMeta) => void;
  onStarted: (meta: PilotMeta) => void;
  onDeleted: (id: string) => void;
  onOpenSession: (id: string) => void;
};

export function RunDetail({ workspace, info, sessions, onChanged, onStarted, onDeleted, onOpenSession }: Props) {
  const run = info.meta.run;
  const detail = useRunDetail(workspace, info.meta.id, run?.steps ?? 0);
  if (!run) return null;
  // A step only streams while the run works on it (or finishes the one it was on when paused or stopped).
  const live = run.status === "failed" || run.status === "finished" ? null : detail.live;
  return (
    <section className="run-detail" data-testid="run-detail" data-run-id={info.meta.id} data-status={run.status}>
      <RunHeader workspace={workspace} info={info} onChanged={onChanged} onStarted={onStarted} onDeleted={onDeleted} />
      {detail.error && (
        <p role="alert" className="error small" data-testid="run-detail-error">
          Could not read the run's steps: {detail.error}{" "}
          <button type="button" className="small" onClick={() => void detail.reload()}>
            Retry
          </button>
        </p>
      )}
      {detail.loaded ? (
        <RunTimeline task={run.task} nodes={detail.nodes} live={live} />
      ) : (
        <p className="muted small">Loading the run's steps…</p>
      )}
      <RunSessions sessions={latestSessions(detail.nodes)} live={sessions} onOpenSession={onOpenSession} />
    </section>
  );
}
