import { describe, expect, it } from "vitest";
import { makeSession } from "../shell/fixtures";
import { compareNodes, compareSessions } from "./compare";
import { forkOrigin, sessionChanges, sessionTitle } from "./sessions";
import { FORK, makeNode, ORIGINAL, travelNodes } from "./testing/fixtures";
import { indexNodes } from "../pilot/conversation";

const OTHER = "22222222-aaaa-bbbb-cccc-000000000002";

describe("the sessions a node touched", () => {
  it("matches sessions by the id the pilot knows, and says how each moved", () => {
    const parent = makeNode({
      id: "p",
      label: "T1",
      sessions: [
        { id: "same", status: "running", turn: 1 },
        { id: "ended", status: "running", turn: 1 },
        { id: "moved", status: "completed", turn: 1 },
        { id: "forked", status: "completed", turn: 3 },
      ],
    });
    const node = makeNode({
      id: "n",
      label: "T2",
      parent: "p",
      sessions: [
        { id: "same", status: "running", turn: 1 },
        { id: "ended", status: "completed", turn: 1 },
        { id: "moved", status: "completed", turn: 2 },
        { id: "fork-of-forked", known_as: "forked", status: "completed", turn: 3 },
        { id: "new", status: "running", turn: 1 },
      ],
    });
    expect(sessionChanges(node, parent).map((c) => [c.snapshot.id, c.kind])).toEqual([
      ["ended", "status"],
      ["moved", "continued"],
      ["fork-of-forked", "forked"],
      ["new", "started"],
    ]);
  });

  it("a fork recorded again unchanged on the next node is not touched again", () => {
    const [, , t3] = travelNodes();
    const t4 = makeNode({ id: "n4", label: "T4", parent: "n3", sessions: t3.sessions });
    expect(sessionChanges(t4, t3)).toEqual([]);
  });

  it("names sessions by title, else a short id, and finds where a fork came from", () => {
    const [t1, , t3] = travelNodes();
    const [change] = sessionChanges(t3, t1);
    expect(change.kind).toBe("forked");
    // Without the workspace's record: the session the parent had, at its turn there.
    expect(forkOrigin(change, null)).toEqual({ id: ORIGINAL, turn: 1 });
    const summaries = new Map([
      [ORIGINAL, makeSession({ id: ORIGINAL, title: "Refactor the parser" })],
      [FORK, makeSession({ id: FORK, forked_from: { session_id: ORIGINAL, turn: 1, fork_mode: "native" } })],
    ]);
    const lookup = (id: string) => summaries.get(id) ?? null;
    expect(forkOrigin(change, lookup)).toEqual({ id: ORIGINAL, turn: 1 });
    expect(sessionTitle(ORIGINAL, lookup)).toBe("Refactor the parser");
    expect(sessionTitle(OTHER, lookup)).toBe("22222222");
  });
});

describe("comparing two nodes' sessions", () => {
  it("T2 with the original and T3 with its fork do not stand the same", () => {
    const index = indexNodes(travelNodes());
    const comparison = compareNodes(index, "n2", "n3")!;
    expect(comparison.sessions).toHaveLength(1);
    expect(comparison.sessions[0]).toMatchObject({ key: ORIGINAL, kind: "other-session" });
    expect(comparison.sessions[0].a?.id).toBe(ORIGINAL);
    expect(comparison.sessions[0].b?.id).toBe(FORK);
  });

  it("identical snapshots stand the same; a session on one side only is listed; none on either is not", () => {
    const snapshot = [{ id: ORIGINAL, status: "completed" as const, turn: 2 }];
    expect(compareSessions(snapshot, [...snapshot])).toEqual([]);
    expect(compareSessions([], [])).toEqual([]);
    const differences = compareSessions(snapshot, [
      { id: ORIGINAL, status: "running", turn: 3 },
      { id: OTHER, status: "running", turn: 1 },
    ]);
    expect(differences.map((d) => [d.key, d.kind])).toEqual([
      [ORIGINAL, "moved"],
      [OTHER, "only-b"],
    ]);
  });

  it("says whether the file snapshots are the same by their commits", () => {
    const nodes = travelNodes();
    nodes[1] = { ...nodes[1], files_commit: "aaaaaaa111" };
    nodes[2] = { ...nodes[2], files_commit: "bbbbbbb222" };
    const index = indexNodes(nodes);
    expect(compareNodes(index, "n2", "n3")!.files).toEqual({ kind: "different", a: "aaaaaaa111", b: "bbbbbbb222" });
    nodes[2] = { ...nodes[2], files_commit: "aaaaaaa111" };
    expect(compareNodes(indexNodes(nodes), "n2", "n3")!.files).toEqual({ kind: "same", commit: "aaaaaaa111" });
    expect(compareNodes(indexNodes(nodes), "n1", "n3")!.files).toEqual({ kind: "unrecorded", a: null, b: "aaaaaaa111" });
  });
});
