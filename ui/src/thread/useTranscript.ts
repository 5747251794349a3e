// A session's transcript for the thread view: the last page first, earlier
// pages on demand, live events merged in. Never the whole transcript at once.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from "react";
import { sessionEvents } from "../api";
import { onLive } from "../live/bus";
import { messageOf } from "../shell/errors";
import { COUNT_OFFSET, earlierRequest, initialTranscript, tailRequest, transcriptReducer } from "./transcript";

/** Events loaded above a find hit, so it does not sit at the window's very top. */
const FIND_CONTEXT = 20;

export function useTranscript(workspace: string, sessionId: string) {
  const [state, dispatch] = useReducer(transcriptReducer, initialTranscript);
  // The transcript as committed, for the callbacks below; written once the
  // render commits, never during it. `loadEarlier` also marks it loading at
  // once, so a second call before the next render does not ask again.
  const latest = useRef(state);
  useLayoutEffect(() => {
    latest.current = state;
  });
  // Bumped when the session changes or the view goes away: answers to older
  // requests are then dropped instead of landing in the wrong transcript.
  const generation = useRef(0);
  const [attempt, retryTail] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const current = ++generation.current;
    const alive = () => generation.current === current;
    dispatch({ type: "reset" });
    // Listen before reading, so an event written while the first page is
    // read is either in that page or delivered here (upsert makes both fine).
    const stop = onLive(workspace, (event) => {
      if (event.kind === "events" && event.session_id === sessionId) dispatch({ type: "live", events: event.events });
    });
    (async () => {
      const { total } = await sessionEvents(workspace, sessionId, COUNT_OFFSET, 0);
      const { offset, limit } = tailRequest(total);
      return sessionEvents(workspace, sessionId, offset, limit);
    })()
      .then((page) => alive() && dispatch({ type: "tail-loaded", page }))
      .catch((error: unknown) => alive() && dispatch({ type: "tail-failed", error: messageOf(error) }));
    return () => {
      generation.current += 1;
      stop();
    };
  }, [workspace, sessionId, attempt]);

  /** Loads the page before the window; a no-op while one is loading or at the beginning. */
  const loadEarlier = useCallback(() => {
    const current = latest.current;
    const request = earlierRequest(current);
    if (!request || current.earlier === "loading") return;
    const asked = generation.current;
    latest.current = { ...current, earlier: "loading" };
    dispatch({ type: "earlier-started" });
    sessionEvents(workspace, sessionId, request.offset, request.limit)
      .then((page) => generation.current === asked && dispatch({ type: "earlier-loaded", page }))
      .catch(
        (error: unknown) => generation.current === asked && dispatch({ type: "earlier-failed", error: messageOf(error) }),
      );
  }, [workspace, sessionId]);

  /** Loads every event from `offset` up to the loaded window (a find hit further up); resolves when in. */
  const loadThrough = useCallback(
    async (offset: number) => {
      const current = latest.current;
      if (current.phase !== "ready" || current.start <= offset) return;
      const from = Math.max(0, offset - FIND_CONTEXT);
      const asked = generation.current;
      const page = await sessionEvents(workspace, sessionId, from, current.start - from);
      if (generation.current === asked) dispatch({ type: "earlier-loaded", page });
    },
    [workspace, sessionId],
  );

  return { state, loadEarlier, loadThrough, retryTail };
}
