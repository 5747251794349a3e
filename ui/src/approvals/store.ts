// The pending approvals of each open workspace, shared by every view that
// shows them (the thread's cards, the sidebar's marks, the pilot's list):
// read once when first asked for, then kept current by live events, which
// carry a session's whole list whenever a request is asked, answered or
// withdrawn.
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { listApprovals, type Approval } from "../api";
import { onLive, startLive } from "../live/bus";
import { messageOf } from "../shell/errors";

export type ApprovalsSnapshot = {
  /** Every pending approval, oldest first. */
  approvals: Approval[];
  /** Request files the backend could not read (`path: why`). */
  problems: string[];
  error: string | null;
};

type Entry = {
  bySession: Map<string, Approval[]>;
  snapshot: ApprovalsSnapshot;
  listeners: Set<() => void>;
};

const EMPTY: ApprovalsSnapshot = { approvals: [], problems: [], error: null };
const entries = new Map<string, Entry>();

function publish(entry: Entry, change: Partial<ApprovalsSnapshot> = {}) {
  const approvals = [...entry.bySession.values()].flat().sort((a, b) => (a.requested_at < b.requested_at ? -1 : 1));
  entry.snapshot = { ...entry.snapshot, ...change, approvals };
  for (const listener of entry.listeners) listener();
}

function setSession(entry: Entry, session: string, approvals: Approval[]) {
  if (approvals.length === 0) entry.bySession.delete(session);
  else entry.bySession.set(session, approvals);
}

/**
 * The workspace's entry, made (and loaded) on first use. The list is read
 * once the live subscription is in place; a session's live list that came
 * before the read is newer than what the read says about it.
 */
function entryOf(workspace: string): Entry {
  const known = entries.get(workspace);
  if (known) return known;
  const entry: Entry = { bySession: new Map(), snapshot: EMPTY, listeners: new Set() };
  entries.set(workspace, entry);
  const liveBeforeLoad = new Set<string>();
  let loaded = false;
  onLive(workspace, (event) => {
    if (event.kind !== "approvals" || entries.get(workspace) !== entry) return;
    if (!loaded) liveBeforeLoad.add(event.session_id);
    setSession(entry, event.session_id, event.approvals);
    publish(entry);
  });
  startLive(workspace)
    .then(() => listApprovals(workspace))
    .then((listing) => {
      loaded = true;
      const bySession = new Map<string, Approval[]>();
      for (const approval of listing.approvals) {
        if (liveBeforeLoad.has(approval.session_id)) continue;
        bySession.set(approval.session_id, [...(bySession.get(approval.session_id) ?? []), approval]);
      }
      for (const [session, approvals] of bySession) setSession(entry, session, approvals);
      publish(entry, { problems: listing.problems, error: null });
    })
    .catch((error: unknown) => publish(entry, { error: `Could not read the approvals: ${messageOf(error)}` }));
  return entry;
}

/** The workspace's pending approvals, kept current. */
export function useApprovals(workspace: string): ApprovalsSnapshot {
  const subscribe = useCallback(
    (listener: () => void) => {
      const entry = entryOf(workspace);
      entry.listeners.add(listener);
      return () => {
        entry.listeners.delete(listener);
      };
    },
    [workspace],
  );
  return useSyncExternalStore(subscribe, () => entries.get(workspace)?.snapshot ?? EMPTY);
}

/** The pending approvals of the sessions `sessionIds` names (one session, or a pilot's), oldest first. */
export function useApprovalsOf(workspace: string, sessionIds: readonly string[]): Approval[] {
  const { approvals } = useApprovals(workspace);
  const key = sessionIds.join("\n");
  return useMemo(() => {
    const wanted = new Set(key.split("\n"));
    return approvals.filter((a) => wanted.has(a.session_id));
  }, [approvals, key]);
}

/** Takes an answered approval off the list at once (the live update confirms it). */
export function dropApproval(workspace: string, approval: Approval): void {
  const entry = entries.get(workspace);
  if (!entry) return;
  const left = (entry.bySession.get(approval.session_id) ?? []).filter((a) => a.id !== approval.id);
  setSession(entry, approval.session_id, left);
  publish(entry);
}

/** For tests: forget every workspace's approvals. */
export function resetApprovalsForTest(): void {
  entries.clear();
}
