import type { SessionSummary } from "../api";

/** A row of the session list: a session, how deep it sits under its original, and that original. */
export type TreeRow = {
  session: SessionSummary;
  /** 0 for a session listed on its own; 1 for a fork listed under its original; and so on. */
  depth: number;
  /** The session it was forked from, when that one is in the list too. */
  parent: SessionSummary | null;
};

/**
 * Puts each fork right under its original (in the list's own order among
 * siblings). A fork whose original is not in the list (deleted, or filtered
 * out) stays where it is, at the top level.
 */
export function nestForks(sessions: SessionSummary[]): TreeRow[] {
  const byId = new Map(sessions.map((s) => [s.id, s] as const));
  const children = new Map<string, SessionSummary[]>();
  const roots: SessionSummary[] = [];
  for (const session of sessions) {
    const parentId = session.forked_from?.session_id;
    if (parentId && parentId !== session.id && byId.has(parentId)) {
      children.set(parentId, [...(children.get(parentId) ?? []), session]);
    } else {
      roots.push(session);
    }
  }
  const rows: TreeRow[] = [];
  const placed = new Set<string>();
  const visit = (session: SessionSummary, depth: number, parent: SessionSummary | null) => {
    if (placed.has(session.id)) return;
    placed.add(session.id);
    rows.push({ session, depth, parent });
    for (const child of children.get(session.id) ?? []) visit(child, depth + 1, session);
  };
  for (const root of roots) visit(root, 0, null);
  // A cycle of forks (hand-edited files) has no root: list what is left flat.
  for (const session of sessions) visit(session, 0, null);
  return rows;
}

/** Rows of one run (or of no run: `runId` null), in the list's order. */
export type RunGroup = { runId: string | null; rows: TreeRow[] };

/**
 * Gathers the sessions a run started under that run, the group placed where
 * its first session was; other sessions stay single, in order. A fork stays
 * with the group of the session it sits under.
 */
export function groupByRun(rows: TreeRow[], runOf: (session: SessionSummary) => string | null): RunGroup[] {
  const groups: RunGroup[] = [];
  const byRun = new Map<string, RunGroup>();
  let current: RunGroup | null = null;
  for (const row of rows) {
    if (row.depth > 0 && current) {
      current.rows.push(row);
      continue;
    }
    const run = runOf(row.session);
    if (run === null) {
      current = { runId: null, rows: [row] };
      groups.push(current);
      continue;
    }
    let group = byRun.get(run);
    if (!group) {
      group = { runId: run, rows: [] };
      byRun.set(run, group);
      groups.push(group);
    }
    group.rows.push(row);
    current = group;
  }
  return groups;
}
