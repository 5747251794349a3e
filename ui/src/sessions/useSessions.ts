// The sessions of one workspace: loaded once, then kept current by live events.
import { useCallback, useEffect, useState } from "react";
import { listSessions, type SessionSummary } from "../api";
import { onLive, startLive } from "../live/bus";
import { messageOf } from "../shell/errors";

export type SessionsState = {
  sessions: SessionSummary[];
  broken: string[];
  loading: boolean;
  error: string | null;
};

const initialState: SessionsState = { sessions: [], broken: [], loading: true, error: null };

/** Newest first, as the backend lists them. */
function sortNewestFirst(sessions: SessionSummary[]): SessionSummary[] {
  return [...sessions].sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

function upsertInto(sessions: SessionSummary[], session: SessionSummary): SessionSummary[] {
  const index = sessions.findIndex((s) => s.id === session.id);
  if (index === -1) return sortNewestFirst([...sessions, session]);
  const next = [...sessions];
  next[index] = session;
  return next;
}

export function useSessions(workspace: string) {
  const [state, setState] = useState<SessionsState>(initialState);

  const upsert = useCallback((session: SessionSummary) => {
    setState((current) => ({ ...current, sessions: upsertInto(current.sessions, session) }));
  }, []);

  useEffect(() => {
    let cancelled = false;
    const liveBeforeLoad = new Map<string, SessionSummary | null>();
    let loaded = false;
    setState(initialState);

    const stopListening = onLive(workspace, (event) => {
      if (event.kind === "session") {
        if (!loaded) liveBeforeLoad.set(event.session.id, event.session);
        upsert(event.session);
      } else if (event.kind === "removed") {
        if (!loaded) liveBeforeLoad.set(event.session_id, null);
        setState((current) => ({
          ...current,
          sessions: current.sessions.filter((s) => s.id !== event.session_id),
        }));
      }
    });
    // The list is read once the backend's watcher is in place: the watcher
    // takes what exists when it starts as known, so a session made between a
    // list read first and the watcher's start would never show.
    startLive(workspace)
      .catch((error: unknown) => {
        if (!cancelled) setState((current) => ({ ...current, error: `Live updates are off: ${messageOf(error)}` }));
      })
      .then(() => (cancelled ? null : listSessions(workspace)))
      .then((list) => {
        if (!list) return;
        if (cancelled) return;
        loaded = true;
        const merged = new Map(list.sessions.map((s) => [s.id, s] as const));
        for (const [id, live] of liveBeforeLoad) {
          if (live) merged.set(id, live);
          else merged.delete(id);
        }
        setState((current) => ({
          ...current,
          sessions: sortNewestFirst([...merged.values()]),
          broken: list.broken,
          loading: false,
        }));
      })
      .catch((error: unknown) => {
        if (!cancelled) setState((current) => ({ ...current, loading: false, error: messageOf(error) }));
      });
    return () => {
      cancelled = true;
      stopListening();
    };
  }, [workspace, upsert]);

  return { ...state, upsert };
}
