// Keeps a workspace's spend report fresh: fetched on mount, when a session's
// turn ends or a session goes (live events: spend moves without the user doing
// anything, and the footer should say so at once), when a pilot turn or a run
// step of this window ends, every 10 s while a session
// runs (its usage grows as it works), and on demand. Nothing polls while
// nothing runs. A failed refresh keeps the last report on screen beside the
// error rather than blanking the figures.
import { useCallback, useEffect, useRef, useState } from "react";
import { getSpendReport, type SpendReport } from "../api";
import { onLive } from "../live/bus";
import { onRunUpdate } from "../orchestrate/runBus";
import { onPilotTurnEnded } from "../pilot/turns";
import { messageOf } from "../shell/errors";

export const REFRESH_MS = 10_000;
/** Live events come in bursts (a turn ends: its events, then its session). */
export const SETTLE_MS = 250;

export type SpendState = {
  report: SpendReport | null;
  error: string | null;
  loading: boolean;
  refresh: () => void;
};

export function useSpendReport(workspace: string): SpendState {
  const [report, setReport] = useState<SpendReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Answers to an older request (or for another workspace) are dropped.
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const request = ++latest.current;
    setLoading(true);
    getSpendReport(workspace).then(
      (next) => {
        if (request !== latest.current) return;
        setReport(next);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (request !== latest.current) return;
        setError(messageOf(e));
        setLoading(false);
      },
    );
  }, [workspace]);

  const [running, setRunning] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    setReport(null);
    setRunning(new Set());
    refresh();
    let settle: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (settle) clearTimeout(settle);
      settle = setTimeout(refresh, SETTLE_MS);
    };
    const stop = onLive(workspace, (event) => {
      if (event.kind === "session") {
        const { id, status } = event.session;
        const active = status === "running" || status === "pending";
        setRunning((current) => {
          if (active === current.has(id)) return current;
          const next = new Set(current);
          if (active) next.add(id);
          else next.delete(id);
          return next;
        });
        if (!active) soon();
      } else if (event.kind === "removed") {
        soon();
      }
    });
    const stopPilot = onPilotTurnEnded((where) => {
      if (where === workspace) soon();
    });
    const stopRuns = onRunUpdate(workspace, (update) => {
      if (update.event?.kind === "step_finished" || update.meta) soon();
    });
    return () => {
      stop();
      stopPilot();
      stopRuns();
      if (settle) clearTimeout(settle);
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a request counter, not a DOM node: bumping its value as it is now drops the answer in flight
      latest.current++;
    };
  }, [workspace, refresh]);

  const anyRunning = running.size > 0;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyRunning, refresh]);

  return { report, error, loading, refresh };
}
