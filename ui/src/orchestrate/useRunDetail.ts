// The open run's recorded steps and the step it is working on. Steps come
// from the run's checkpoint graph once, then grow from `step_finished`
// updates; when the run's step count (from the list) says more steps exist
// than we hold, a run driven elsewhere moved on and the graph is read again.
import { useCallback, useEffect, useRef, useState } from "react";
import { getPilotGraph, type PilotNode } from "../api";
import { messageOf } from "../shell/errors";
import { applyRunEvent, type LiveStep } from "./live";
import { onRunUpdate } from "./runBus";
import { mergeNode } from "./timeline";

export type RunDetailState = {
  nodes: PilotNode[];
  loaded: boolean;
  error: string | null;
  live: LiveStep | null;
  reload: () => Promise<void>;
};

/** Keeps nodes appended live that a graph read begun before them did not see. */
function combine(read: PilotNode[], held: PilotNode[]): PilotNode[] {
  const ids = new Set(read.map((n) => n.id));
  return [...read, ...held.filter((n) => !ids.has(n.id))];
}

export function useRunDetail(workspace: string, runId: string, steps: number): RunDetailState {
  const [nodes, setNodes] = useState<PilotNode[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStep | null>(null);
  const generation = useRef(0);
  const loading = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    loading.current = true;
    try {
      const graph = await getPilotGraph(workspace, runId);
      if (mine !== generation.current) return;
      setNodes((held) => combine(graph.nodes, held));
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) {
        loading.current = false;
        setLoaded(true);
      }
    }
  }, [workspace, runId]);

  useEffect(() => {
    setNodes([]);
    setLoaded(false);
    setError(null);
    setLive(null);
    void reload();
    return onRunUpdate(workspace, (update) => {
      if (update.run_id !== runId) return;
      const event = update.event;
      if (event) {
        if (event.kind === "step_finished") setNodes((held) => mergeNode(held, event.node));
        setLive((current) => applyRunEvent(current, event));
      }
      // A failed or finished run has no step in flight; a paused or stopped
      // one may still record the step it was on.
      const status = update.meta?.run?.status;
      if (status === "failed" || status === "finished") setLive(null);
    });
  }, [workspace, runId, reload]);

  useEffect(() => {
    if (loaded && !loading.current && steps > nodes.length) void reload();
  }, [loaded, steps, nodes.length, reload]);

  return { nodes, loaded, error, live, reload };
}
