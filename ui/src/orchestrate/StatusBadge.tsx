// A run's status as a small badge, its word always written out (colour alone
// says nothing to some readers); a running run's dot dims on the app's beat
// (`shell/beat.ts`), which honours reduced-motion preferences.
import type { RunStatus } from "../api";
import { useBeat } from "../shell/beat";

const TITLES: Record<RunStatus, string> = {
  running: "The run is working on its task",
  paused: "Waits for you to resume it",
  finished: "The run called finish: it considers the task done (or impossible)",
  stopped: "A limit, a watcher or you ended it; it can be resumed",
  failed: "An error the run could not get past",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  useBeat(status === "running");
  return (
    <span className={`run-status run-status-${status}`} data-testid="run-status" data-status={status} title={TITLES[status]}>
      <span className={`status-dot${status === "running" ? " status-running" : ""}`} aria-hidden="true" />
      {status}
    </span>
  );
}
