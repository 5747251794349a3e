// How two checkpoints' conversations differ: where they split, what each
// side said after that, and which executor sessions stand differently.
import type { PilotNode, SessionSnapshot } from "../api";
import { pathTo, sumSpend, type NodeIndex, type Spend } from "../pilot/conversation";

export type SessionDifference = { id: string; a: SessionSnapshot | null; b: SessionSnapshot | null };

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
  /** Sessions present on one side only, or at another status or turn. */
  sessions: SessionDifference[];
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
  const byId = (list: SessionSnapshot[]) => new Map(list.map((s) => [s.id, s] as const));
  const sa = byId(a.sessions);
  const sb = byId(b.sessions);
  const ids = [...new Set([...sa.keys(), ...sb.keys()])];
  const sessions = ids
    .map((id) => ({ id, a: sa.get(id) ?? null, b: sb.get(id) ?? null }))
    .filter((d) => !d.a || !d.b || d.a.status !== d.b.status || d.a.turn !== d.b.turn);
  return {
    a,
    b,
    ancestor: shared > 0 ? pathA[shared - 1] : null,
    sideA,
    sideB,
    spendA: sumSpend(sideA),
    spendB: sumSpend(sideB),
    sessions,
  };
}
