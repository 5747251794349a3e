// How two checkpoints' conversations differ: where they split, what each
// side said after that, which executor sessions stand differently, and
// whether their file snapshots are the same.
import type { PilotNode, SessionSnapshot } from "../api";
import { pathTo, sumSpend, type NodeIndex, type Spend } from "../pilot/conversation";
import { sessionKey } from "./sessions";

/**
 * One session (matched by the id the pilot knows it by) that stands
 * differently at the two nodes:
 * - `only-a` / `only-b`: one node's branch has it, the other's does not;
 * - `other-session`: each branch realizes it by a different session (one or both forks);
 * - `moved`: the same session, at another turn or status.
 */
export type SessionDifference = {
  key: string;
  kind: "only-a" | "only-b" | "other-session" | "moved";
  a: SessionSnapshot | null;
  b: SessionSnapshot | null;
};

/** What can be said of the two nodes' recorded files without reading them. */
export type FilesComparison =
  | { kind: "unrecorded"; a: string | null; b: string | null }
  /** The same snapshot: the files are the same. */
  | { kind: "same"; commit: string }
  /** Different snapshots: they may differ (or hold the same files again). */
  | { kind: "different"; a: string; b: string };

/** Sessions that stand differently at `a` and `b`, in `a`'s order and then `b`'s new ones. */
export function compareSessions(a: SessionSnapshot[], b: SessionSnapshot[]): SessionDifference[] {
  const byKey = (list: SessionSnapshot[]) => new Map(list.map((s) => [sessionKey(s), s] as const));
  const sa = byKey(a);
  const sb = byKey(b);
  const keys = [...new Set([...sa.keys(), ...sb.keys()])];
  const differences: SessionDifference[] = [];
  for (const key of keys) {
    const x = sa.get(key) ?? null;
    const y = sb.get(key) ?? null;
    if (!x && !y) continue;
    if (!y) differences.push({ key, kind: "only-a", a: x, b: null });
    else if (!x) differences.push({ key, kind: "only-b", a: null, b: y });
    else if (x.id !== y.id) differences.push({ key, kind: "other-session", a: x, b: y });
    else if (x.turn !== y.turn || x.status !== y.status) differences.push({ key, kind: "moved", a: x, b: y });
  }
  return differences;
}

export function compareFiles(a: PilotNode, b: PilotNode): FilesComparison {
  const ca = a.files_commit ?? null;
  const cb = b.files_commit ?? null;
  if (!ca || !cb) return { kind: "unrecorded", a: ca, b: cb };
  return ca === cb ? { kind: "same", commit: ca } : { kind: "different", a: ca, b: cb };
}

export type Comparison = {
  a: PilotNode;
  b: PilotNode;
  /** The last node both conversations share; `null` when they began separately (two roots). */
  ancestor: PilotNode | null;
  /** The turns after the ancestor, down to `a` (empty when `a` is the ancestor itself). */
  sideA: PilotNode[];
  sideB: PilotNode[];
  spendA: Spend;
  spendB: Spend;
  /** Sessions present on one side only, realized by another session, or at another status or turn. */
  sessions: SessionDifference[];
  files: FilesComparison;
};

export function compareNodes(index: NodeIndex, aId: string, bId: string): Comparison | null {
  const a = index.get(aId);
  const b = index.get(bId);
  if (!a || !b) return null;
  const pathA = pathTo(index, a.id);
  const pathB = pathTo(index, b.id);
  let shared = 0;
  while (shared < pathA.length && shared < pathB.length && pathA[shared].id === pathB[shared].id) shared++;
  const sideA = pathA.slice(shared);
  const sideB = pathB.slice(shared);
  return {
    a,
    b,
    ancestor: shared > 0 ? pathA[shared - 1] : null,
    sideA,
    sideB,
    spendA: sumSpend(sideA),
    spendB: sumSpend(sideB),
    sessions: compareSessions(a.sessions, b.sessions),
    files: compareFiles(a, b),
  };
}
