// One pilot's checkpoint graph: loaded when the pilot is selected, reloaded
// when a turn of this window ends, and polled while the backend says a turn
// is running that this view did not start (sent before a view switch, or
// from elsewhere).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getPilotGraph, type PilotGraph, type PilotMeta, type PilotNode } from "../api";
import { messageOf } from "../shell/errors";
import { useLiveTurn, useTurnCompletion } from "./turns";

export const POLL_MS = 3000;

export type PilotGraphState = {
  graph: PilotGraph | null;
  loading: boolean;
  error: string | null;
};

/** The graph with a node the backend just recorded (it becomes the head), before the reload confirms it. */
export function withNode(graph: PilotGraph, node: PilotNode): PilotGraph {
  if (graph.nodes.some((n) => n.id === node.id)) return { ...graph, meta: { ...graph.meta, head: node.id } };
  return {
    ...graph,
    meta: { ...graph.meta, head: node.id },
    nodes: [...graph.nodes, node],
    tips: [...graph.tips.filter((id) => id !== node.parent), node.id],
  };
}

export function usePilotGraph(workspace: string, pilot: string) {
  const [state, setState] = useState<PilotGraphState>({ graph: null, loading: true, error: null });
  const request = useRef(0);
  const live = useLiveTurn(workspace, pilot);
  const completion = useTurnCompletion(workspace, pilot);
  const localRunning = live?.status === "running";

  const reload = useCallback(async () => {
    const mine = ++request.current;
    try {
      const graph = await getPilotGraph(workspace, pilot);
      if (mine === request.current) setState({ graph, loading: false, error: null });
    } catch (error) {
      if (mine === request.current) setState((current) => ({ ...current, loading: false, error: messageOf(error) }));
    }
  }, [workspace, pilot]);

  useEffect(() => {
    setState({ graph: null, loading: true, error: null });
    void reload();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a request counter, not a DOM node: bumping its value as it is now drops the answer in flight
      request.current++;
    };
  }, [reload]);

  // A turn of this window ended: show its node at once, then confirm with the backend.
  const completedVersion = completion?.version ?? 0;
  const completedNode = completion?.node ?? null;
  const seenVersion = useRef(completedVersion);
  useEffect(() => {
    if (completedVersion === seenVersion.current) return;
    seenVersion.current = completedVersion;
    if (completedNode) {
      setState((current) => (current.graph ? { ...current, graph: withNode(current.graph, completedNode) } : current));
    }
    void reload();
  }, [completedVersion, completedNode, reload]);

  const runningElsewhere = !localRunning && state.graph?.running === true;
  useEffect(() => {
    if (!runningElsewhere) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [runningElsewhere, reload]);

  /** The backend answered a travel or a branch name: take its metadata now. */
  const applyMeta = useCallback((meta: PilotMeta) => {
    setState((current) => (current.graph ? { ...current, graph: { ...current.graph, meta } } : current));
  }, []);

  // In the very render where the turn ends, the graph already holds its node
  // (the effect above then keeps it in the state until the reload confirms
  // it): the chat swaps its live rows for the node without a frame between.
  const graph = useMemo(
    () =>
      state.graph && completedNode && !state.graph.nodes.some((n) => n.id === completedNode.id)
        ? withNode(state.graph, completedNode)
        : state.graph,
    [state.graph, completedNode],
  );

  return { ...state, graph, reload, applyMeta, runningElsewhere };
}
