// When the user last looked at each session, per workspace, to mark sessions
// that finished since then. Sessions that ended before zwarm first showed the
// workspace count as seen (the baseline), so old history is not all "unread".
import { useCallback, useState } from "react";
import type { SessionSummary } from "../api";
import { readStored, writeStored } from "../shell/storage";
import { parseLocalTimestamp } from "./format";

export type LastSeen = { baseline: number; sessions: Record<string, number> };

const storageKey = (workspace: string) => `zwarm.lastSeen.${workspace}`;

export function loadLastSeen(workspace: string): LastSeen {
  const stored = readStored<LastSeen | null>(storageKey(workspace), null);
  if (stored && typeof stored.baseline === "number" && stored.sessions) return stored;
  const fresh: LastSeen = { baseline: Date.now(), sessions: {} };
  writeStored(storageKey(workspace), fresh);
  return fresh;
}

/** Finished (completed or failed) after the user last opened it. */
export function isUnread(session: SessionSummary, lastSeen: LastSeen): boolean {
  if (session.status !== "completed" && session.status !== "failed") return false;
  if (!session.ended_at) return false;
  const ended = parseLocalTimestamp(session.ended_at);
  const seen = lastSeen.sessions[session.id] ?? lastSeen.baseline;
  return ended > seen;
}

export function useLastSeen(workspace: string) {
  const [lastSeen, setLastSeen] = useState(() => loadLastSeen(workspace));
  const markSeen = useCallback(
    (sessionId: string, endedAt: string | null) => {
      setLastSeen((current) => {
        const ended = endedAt ? parseLocalTimestamp(endedAt) : 0;
        const seenAt = Math.max(Date.now(), Number.isNaN(ended) ? 0 : ended);
        if ((current.sessions[sessionId] ?? 0) >= seenAt) return current;
        const next = { ...current, sessions: { ...current.sessions, [sessionId]: seenAt } };
        writeStored(storageKey(workspace), next);
        return next;
      });
    },
    [workspace],
  );
  return { lastSeen, markSeen };
}
