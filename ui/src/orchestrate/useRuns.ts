// The workspace's runs for the list and the detail header. One copy of each
// run's state, kept current three ways: `meta` in live updates (instant),
// a reload after each state change or recorded step (for spend), and a poll
// every POLL_MS while any run is running, for runs driven by another window
// or the `zwarm` CLI, which send this window nothing.
import { useCallback, useEffect, useRef, useState } from "react";
import { listRuns, type PilotMeta, type RunInfo } from "../api";
import { messageOf } from "../shell/errors";
import { zeroTotals } from "./format";
import { onRunUpdate, startRunUpdates } from "./runBus";

export const POLL_MS = 5000;

export type RunsState = {
  runs: RunInfo[];
  loaded: boolean;
  /** The last list request failed (the list shown is the one before). */
  error: string | null;
  /** Live updates could not be subscribed to; the list still polls. */
  liveError: string | null;
  reload: () => Promise<void>;
  /** Puts a run's new state in place at once (an answer of start, pause, resume, stop). */
  patchMeta: (meta: PilotMeta) => void;
};

function withMeta(runs: RunInfo[], meta: PilotMeta): RunInfo[] {
  const at = runs.findIndex((r) => r.meta.id === meta.id);
  if (at < 0) return [{ meta, active: meta.run?.status === "running", spend: zeroTotals() }, ...runs];
  const next = runs.slice();
  next[at] = { ...runs[at], meta };
  return next;
}

export function useRuns(workspace: string): RunsState {
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);
  // Answers of older requests (or of another workspace) must not win over newer ones.
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const list = await listRuns(workspace);
      if (mine !== generation.current) return;
      setRuns(list);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) setLoaded(true);
    }
  }, [workspace]);

  const patchMeta = useCallback((meta: PilotMeta) => setRuns((current) => withMeta(current, meta)), []);

  useEffect(() => {
    setRuns([]);
    setLoaded(false);
    setError(null);
    setLiveError(null);
    void reload();
    let live = true;
    const stop = onRunUpdate(workspace, (update) => {
      if (update.meta) patchMeta(update.meta);
      if (update.meta || update.event?.kind === "step_finished") void reload();
    });
    startRunUpdates(workspace).catch((e: unknown) => {
      if (live) setLiveError(messageOf(e));
    });
    return () => {
      live = false;
      stop();
    };
  }, [workspace, reload, patchMeta]);

  const anyRunning = runs.some((r) => r.meta.run?.status === "running");
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [anyRunning, reload]);

  return { runs, loaded, error, liveError, reload, patchMeta };
}
