import { describe, expect, it } from "vitest";
import { makeSession } from "../shell/fixtures";
import { fuzzyScore, searchSessions } from "./fuzzyMatch";

describe("fuzzy session search", () => {
  it("prefers substrings, accepts in-order characters, refuses the rest", () => {
    expect(fuzzyScore("flaky", "Fix the flaky test")).toBeGreaterThan(fuzzyScore("ftt", "Fix the flaky test") ?? 0);
    expect(fuzzyScore("ftt", "Fix the flaky test")).not.toBeNull();
    expect(fuzzyScore("zz", "Fix the flaky test")).toBeNull();
  });

  it("matches titles and ids, best first", () => {
    const sessions = [
      makeSession({ id: "a1", title: "Write the docs" }),
      makeSession({ id: "b2", title: "Fix the login" }),
      makeSession({ id: "docs-77", title: "Unrelated" }),
    ];
    expect(searchSessions(sessions, "login").map((s) => s.id)).toEqual(["b2"]);
    expect(searchSessions(sessions, "docs").map((s) => s.id)).toEqual(["docs-77", "a1"]);
    expect(searchSessions(sessions, " ")).toHaveLength(3);
  });
});
