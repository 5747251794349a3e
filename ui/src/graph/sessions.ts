// The executor sessions a checkpoint node touched, and how to name them.
//
// A node records every session of its branch as it stood then. A branch that
// travelled back and talked to a session another branch had moved on works
// with a fork of it: the snapshot's `id` is the fork, `known_as` the id the
// pilot's conversation uses. Sessions are therefore matched by
// `known_as ?? id`, never by `id` alone.
import type { PilotNode, SessionSnapshot, SessionSummary } from "../api";

/** The id the pilot's conversation uses for a snapshot's session. */
export function sessionKey(snapshot: SessionSnapshot): string {
  return snapshot.known_as ?? snapshot.id;
}

/**
 * How a node's turn touched a session:
 * - `started`: the parent's snapshot has no such session;
 * - `forked`: this branch realizes it by another session than the parent did (a fork);
 * - `continued`: the same session, at another turn;
 * - `status`: the same session and turn, at another status (a turn ended, or it was ended).
 */
export type SessionChangeKind = "started" | "forked" | "continued" | "status";

export type SessionChange = {
  key: string;
  kind: SessionChangeKind;
  /** The session at this node. */
  snapshot: SessionSnapshot;
  /** The same session (by key) at the parent node, if it had it. */
  before: SessionSnapshot | null;
};

/** The sessions whose snapshot at `node` differs from the one at its parent, in the node's order. */
export function sessionChanges(node: PilotNode, parent: PilotNode | undefined): SessionChange[] {
  const before = new Map((parent?.sessions ?? []).map((s) => [sessionKey(s), s] as const));
  const changes: SessionChange[] = [];
  for (const snapshot of node.sessions) {
    const key = sessionKey(snapshot);
    const old = before.get(key) ?? null;
    let kind: SessionChangeKind | null;
    if (!old) kind = snapshot.id !== key ? "forked" : "started";
    else if (old.id !== snapshot.id) kind = "forked";
    else if (old.turn !== snapshot.turn) kind = "continued";
    else if (old.status !== snapshot.status) kind = "status";
    else kind = null;
    if (kind) changes.push({ key, kind, snapshot, before: old });
  }
  return changes;
}

/** Count per kind, in the order the card shows them. */
export function countChanges(changes: SessionChange[]): Array<{ kind: SessionChangeKind; count: number }> {
  const order: SessionChangeKind[] = ["started", "continued", "forked", "status"];
  return order
    .map((kind) => ({ kind, count: changes.filter((c) => c.kind === kind).length }))
    .filter((c) => c.count > 0);
}

const KIND_WORDS: Record<SessionChangeKind, string> = {
  started: "started",
  continued: "continued",
  forked: "forked",
  status: "changed status",
};

export function kindWords(kind: SessionChangeKind): string {
  return KIND_WORDS[kind];
}

/** "2 sessions touched: 1 started, 1 forked". */
export function describeChanges(changes: SessionChange[]): string {
  const parts = countChanges(changes).map((c) => `${c.count} ${KIND_WORDS[c.kind]}`);
  return `${changes.length} session${changes.length === 1 ? "" : "s"} touched: ${parts.join(", ")}`;
}

export type SessionLookup = (id: string) => SessionSummary | null;

/** A session's title from the workspace's sessions, or its short id. */
export function sessionTitle(id: string, lookup: SessionLookup | null | undefined): string {
  const title = lookup?.(id)?.title?.trim();
  return title ? title : id.slice(0, 8);
}

/**
 * Where a fork came from: the fork's own record when the workspace still
 * lists it, else the session the parent node had at the turn it stood at
 * (that is what the backend forks when a branch moves on).
 */
export function forkOrigin(change: SessionChange, lookup: SessionLookup | null | undefined): { id: string; turn: number } | null {
  if (change.kind !== "forked") return null;
  const recorded = lookup?.(change.snapshot.id)?.forked_from;
  if (recorded) return { id: recorded.session_id, turn: recorded.turn };
  if (change.before) return { id: change.before.id, turn: change.before.turn };
  return null;
}
