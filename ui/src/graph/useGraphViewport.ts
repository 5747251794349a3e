// Keeps the checkpoint graph readable: frames it when its pane is first
// measured and again (debounced) whenever the pane changes size, e.g. the
// window is resized or the details panel opens; frames it again when a turn
// adds a node; and pans so a selected node is in view beside the details
// panel. The decisions are the pure functions of viewport.ts.
import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useEffectEvent, useRef, type RefObject } from "react";
import { START_ID, type GraphLayout } from "./layout";
import { frameViewport, layoutBounds, nodeRect, revealViewport, type Size, type Viewport } from "./viewport";

/** Resize bursts (dragging the window's edge) settle for this long before the graph is framed again. */
export const RESIZE_DEBOUNCE_MS = 150;
const DURATION = 200;

type Options = {
  containerRef: RefObject<HTMLElement | null>;
  layout: GraphLayout;
  head: string | null;
  selected: string | null;
  count: number;
};

export function useGraphViewport({ containerRef, layout, head, selected, count }: Options) {
  const flow = useReactFlow();

  // While a move of ours is animating, React Flow's viewport is somewhere on
  // the way (d3 even zooms out mid-pan): the next decision starts from where
  // that move goes, not from the frame it happens to be at.
  const moving = useRef<{ to: Viewport; until: number } | null>(null);
  const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());
  const currentViewport = useCallback((): Viewport => {
    const move = moving.current;
    return move && now() < move.until ? move.to : flow.getViewport();
  }, [flow]);
  const moveTo = useCallback(
    (to: Viewport, duration: number) => {
      moving.current = { to, until: now() + duration + 50 };
      void flow.setViewport(to, { duration });
    },
    [flow],
  );

  const paneSize = useCallback((): Size | null => {
    const element = containerRef.current;
    if (!element || element.clientWidth <= 0 || element.clientHeight <= 0) return null;
    return { width: element.clientWidth, height: element.clientHeight };
  }, [containerRef]);

  /** Frames the graph around the current node; `keepZoom` keeps the user's zoom when it does not all fit. */
  const frame = useCallback(
    (keepZoom: boolean, duration = DURATION) => {
      const pane = paneSize();
      if (!pane) return;
      const target = frameViewport(layoutBounds(layout), nodeRect(layout, head), pane, keepZoom ? currentViewport().zoom : undefined);
      moveTo(target, duration);
    },
    [layout, head, paneSize, currentViewport, moveTo],
  );

  const reveal = useCallback(
    (id: string) => {
      const pane = paneSize();
      const rect = nodeRect(layout, id === START_ID ? null : id);
      if (!pane || !rect) return;
      const target = revealViewport(currentViewport(), pane, rect);
      if (target) moveTo(target, DURATION);
    },
    [layout, paneSize, currentViewport, moveTo],
  );

  // Effect events: the observer acts on the latest layout and selection without observing again.
  const frameAtOnce = useEffectEvent(() => frame(false, 0));
  const reframe = useEffectEvent(() => {
    if (selected) reveal(selected);
    else frame(false);
  });

  useEffect(() => {
    const element = containerRef.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new ResizeObserver(() => {
      if (first) {
        first = false;
        frameAtOnce();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(() => reframe(), RESIZE_DEBOUNCE_MS);
    });
    observer.observe(element);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [containerRef]);

  // A turn added a node: frame again, keeping the user's zoom if it does not all fit.
  const framedCount = useRef(count);
  useEffect(() => {
    if (framedCount.current === count) return;
    framedCount.current = count;
    const timer = setTimeout(() => frame(true), 0);
    return () => clearTimeout(timer);
  }, [count, frame]);

  // A node was selected: once the details panel has taken its room, bring the node into view.
  useEffect(() => {
    if (!selected) return;
    const timer = setTimeout(() => reveal(selected), 0);
    return () => clearTimeout(timer);
  }, [selected, reveal]);
}
