// The open session's summary and turn records, kept current by live events.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { getSession, type SessionDetail, type SessionSummary } from "../api";
import { onLive } from "../live/bus";
import { messageOf } from "../shell/errors";

export type DetailState = {
  detail: SessionDetail | null;
  error: string | null;
  /** The session's folder disappeared (deleted here or elsewhere). */
  removed: boolean;
};

/**
 * Turn records only change when a turn starts or ends; other summary changes
 * (usage while running, updated_at) are taken from the live summary alone.
 */
function turnsChanged(before: SessionSummary | undefined, after: SessionSummary): boolean {
  return !before || before.status !== after.status || before.turn !== after.turn;
}

/** Keeps the newer of two summaries of the same session (answers can overtake live events). */
function newer(current: SessionSummary | undefined, incoming: SessionSummary): SessionSummary {
  return current && current.updated_at > incoming.updated_at ? current : incoming;
}

export function useSessionDetail(workspace: string, sessionId: string) {
  const [state, setState] = useState<DetailState>({ detail: null, error: null, removed: false });
  // The summary as committed, for `applySummary` (called by the live listener
  // and by callers); written once the render commits, never during it.
  const summaryRef = useRef<SessionSummary | undefined>(undefined);
  useLayoutEffect(() => {
    summaryRef.current = state.detail?.summary;
  });
  // Only the answer to the latest request is applied.
  const request = useRef(0);

  const reload = useCallback(() => {
    const asked = ++request.current;
    getSession(workspace, sessionId)
      .then((detail) => {
        if (request.current !== asked) return;
        setState((current) => ({
          ...current,
          error: null,
          detail: { summary: newer(current.detail?.summary, detail.summary), turns: detail.turns },
        }));
      })
      .catch((error: unknown) => {
        if (request.current === asked) setState((current) => ({ ...current, error: messageOf(error) }));
      });
  }, [workspace, sessionId]);

  /** Takes a summary the backend just answered with (a continue), refreshing turns when needed. */
  const applySummary = useCallback(
    (summary: SessionSummary) => {
      const changed = turnsChanged(summaryRef.current, summary);
      setState((current) =>
        current.detail ? { ...current, detail: { ...current.detail, summary: newer(current.detail.summary, summary) } } : current,
      );
      if (changed) reload();
    },
    [reload],
  );

  const markRemoved = useCallback(() => setState((current) => ({ ...current, removed: true })), []);

  useEffect(() => {
    setState({ detail: null, error: null, removed: false });
    const stop = onLive(workspace, (event) => {
      if (event.kind === "session" && event.session.id === sessionId) applySummary(event.session);
      else if (event.kind === "removed" && event.session_id === sessionId) markRemoved();
    });
    reload();
    return () => {
      request.current += 1;
      stop();
    };
  }, [workspace, sessionId, reload, applySummary, markRemoved]);

  return { ...state, reload, applySummary, markRemoved };
}
