// For tests: a race of Codex and Claude Code as the backend compares it.
import type { CheckResult, EntrantView, FileDiff, Race, RaceComparison } from "../../api";
import { makeSession, WORKSPACE } from "../../shell/fixtures";

export const RACE_ID = "race-0001-aaaa";

export function fileDiff(path: string, added: string): FileDiff {
  return {
    path,
    kind: "add",
    patch: `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1 @@\n+${added}\n`,
    binary: false,
    additions: 1,
    deletions: 0,
    truncated: false,
  };
}

export function check(passed: boolean, output = ""): CheckResult {
  return {
    command: "npm test",
    exit_code: passed ? 0 : 1,
    timed_out: false,
    passed,
    output,
    ran_at: "2026-01-01T10:06:00",
    duration_ms: 1200,
  };
}

function entrant(adapter: "codex" | "claude", id: string, files: FileDiff[]): EntrantView {
  return {
    entrant: { adapter, model: adapter === "codex" ? "gpt-5.5" : null, session_id: id, start_error: null, check: null },
    session: makeSession({ id, adapter, model: adapter === "codex" ? "gpt-5.5" : "claude-opus-5-5", race: RACE_ID, title: "Write out.txt" }),
    problem: null,
    wall_secs: 12.5,
    worktree: {
      path: `${WORKSPACE}/.zwarm/worktrees/${id.slice(0, 8)}-write-out-txt`,
      branch: `zwarm/${id.slice(0, 8)}-write-out-txt`,
      base_branch: "main",
      base_commit: "abc123",
    },
    worktree_present: true,
    files,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: 0,
    kept: false,
  };
}

export function makeRace(overrides: Partial<Race> = {}): Race {
  return {
    id: RACE_ID,
    task: "Write out.txt",
    created_at: "2026-01-01T10:00:00",
    base: null,
    check: "npm test",
    entrants: [],
    kept: null,
    ...overrides,
  };
}

/** Codex wrote out.txt; Claude wrote out.txt and notes.md. */
export function makeComparison(): RaceComparison {
  const entrants = [
    entrant("codex", "c0dex111-0000", [fileDiff("out.txt", "from codex")]),
    entrant("claude", "c1aude22-0000", [fileDiff("notes.md", "a note"), fileDiff("out.txt", "from claude")]),
  ];
  return { race: makeRace({ entrants: entrants.map((e) => e.entrant) }), entrants };
}
