import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { FileDiff, ReviewDiff } from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { SessionThread } from "../thread/SessionThread";
import { asTurn, makeDetail, makeTurn, pagedBackend } from "../thread/testing/fixtures";
import { installFakeLayout } from "../thread/testing/layout";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKTREE = {
  path: `${WORKSPACE}/.zwarm/worktrees/s1abcdef-fix`,
  branch: "zwarm/s1abcdef-fix",
  base_branch: "main",
  base_commit: "b".repeat(40),
};

function fileDiff(path: string, minus: string, plus: string): FileDiff {
  const patch = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, "@@ -1 +1 @@", `-${minus}`, `+${plus}`, ""].join("\n");
  return { path, kind: "update", patch, binary: false, additions: 1, deletions: 1, truncated: false };
}

function review(files: FileDiff[], against: ReviewDiff["against"]): ReviewDiff {
  const stat = { files: files.length, additions: files.length, deletions: files.length };
  return { against, stat, files };
}

async function renderThread(worktree: typeof WORKTREE | null = null) {
  const detail = makeDetail({ id: "s1", turn: 1, worktree }, [
    makeTurn({ number: 1, prompt: "fix it", files_changed: { files: 2, additions: 2, deletions: 2 } }),
  ]);
  vi.mocked(api.getSession).mockResolvedValue(detail);
  vi.mocked(api.sessionEvents).mockImplementation(
    pagedBackend(
      asTurn(1, "fix it", [
        { kind: "file_change", status: "completed", changes: [{ path: `${WORKSPACE}/src/b.rs`, kind: "update" }] },
      ]),
    ),
  );
  render(<SessionThread workspace={WORKSPACE} sessionId="s1" />);
  await screen.findAllByTestId("thread-event");
}

beforeEach(() => {
  vi.clearAllMocks();
  installFakeLayout();
  vi.mocked(api.turnDiff).mockResolvedValue(
    review([fileDiff("src/a.rs", "old a", "new a"), fileDiff("src/b.rs", "old b", "new b")], { kind: "turns", from_turn: 1, to_turn: 1 }),
  );
});

describe("review of a turn", () => {
  it("shows the turn's counts on its divider and opens the turn's diff from it", async () => {
    await renderThread();
    const counts = await screen.findByTestId("turn-files");
    expect(counts).toHaveTextContent("2 files");
    expect(counts).toHaveTextContent("+2");
    await userEvent.click(counts);
    expect(api.turnDiff).toHaveBeenCalledWith(WORKSPACE, "s1", 1);
    const dialog = await screen.findByTestId("review-dialog");
    expect(await within(dialog).findByTestId("review-summary")).toHaveTextContent("2 files");
    expect(within(dialog).getAllByTestId("review-file").map((f) => f.dataset.path)).toEqual(["src/a.rs", "src/b.rs"]);
    expect(within(dialog).queryByTestId("file-diff"), "every file starts folded").toBeNull();
  });

  it("opens the turn's diff with the clicked file's diff unfolded", async () => {
    await renderThread();
    await userEvent.click(await screen.findByTestId("file-change-open"));
    const dialog = await screen.findByTestId("review-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("file-diff")).toHaveLength(1));
    const opened = within(dialog).getAllByTestId("review-file").find((f) => within(f).queryByTestId("file-diff"));
    expect(opened?.dataset.path).toBe("src/b.rs");
    expect(within(dialog).getByTestId("file-diff")).toHaveTextContent("new b");
  });

  it("says why when a turn's files were not recorded", async () => {
    vi.mocked(api.turnDiff).mockRejectedValue(new api.BackendError("session s1 has no files recorded after turn 1"));
    await renderThread();
    await userEvent.click(await screen.findByTestId("turn-files"));
    expect(await screen.findByTestId("review-error")).toHaveTextContent("no files recorded");
  });
});

describe("a worktree session", () => {
  beforeEach(() => {
    vi.mocked(api.listWorktrees).mockResolvedValue([
      { path: WORKTREE.path, branch: WORKTREE.branch, changed_files: ["src/b.rs"], size_bytes: 2_500_000, idle_secs: 5 },
    ]);
  });

  it("shows its whole diff against the commit its worktree was made from", async () => {
    vi.mocked(api.sessionDiff).mockResolvedValue(
      review([fileDiff("src/b.rs", "old b", "new b")], { kind: "worktree", commit: WORKTREE.base_commit, branch: "main" }),
    );
    await renderThread(WORKTREE);
    await userEvent.click(screen.getByTestId("session-diff-button"));
    expect(api.sessionDiff).toHaveBeenCalledWith(WORKSPACE, "s1");
    expect(await screen.findByTestId("review-summary")).toHaveTextContent("against bbbbbbbbbb on main");
  });

  it("merges home and says how, or shows the refusal with the conflicting files", async () => {
    vi.mocked(api.mergeWorktree)
      .mockRejectedValueOnce(new api.BackendError("merging zwarm/s1abcdef-fix into main would conflict in src/b.rs"))
      .mockResolvedValueOnce({ base_branch: "main", commit: "c".repeat(40), fast_forward: true, committed_changes: null });
    await renderThread(WORKTREE);
    const bar = await screen.findByTestId("worktree-bar");
    expect(await within(bar).findByTestId("worktree-state")).toHaveTextContent("1 uncommitted");
    await userEvent.click(within(bar).getByTestId("worktree-merge"));
    expect(api.mergeWorktree).toHaveBeenCalledWith(WORKSPACE, "s1", "auto");
    expect(await within(bar).findByTestId("worktree-error")).toHaveTextContent("would conflict in src/b.rs");
    await userEvent.click(within(bar).getByTestId("worktree-merge"));
    expect(await within(bar).findByTestId("worktree-notice")).toHaveTextContent("main fast-forwarded (cccccccccc)");
  });

  it("asks before removing a worktree with uncommitted work, listing the files", async () => {
    await renderThread(WORKTREE);
    const bar = await screen.findByTestId("worktree-bar");
    await within(bar).findByTestId("worktree-state");
    await userEvent.click(within(bar).getByTestId("worktree-remove"));
    const dialog = await screen.findByTestId("worktree-remove-dialog");
    expect(within(dialog).getByTestId("worktree-dirty-files")).toHaveTextContent("src/b.rs");
    expect(api.removeWorktree).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByTestId("worktree-remove-confirm"));
    expect(api.removeWorktree).toHaveBeenCalledWith(WORKSPACE, "s1", true);
  });

  it("copies the patch to the clipboard", async () => {
    vi.mocked(api.worktreePatch).mockResolvedValue("diff --git a/src/b.rs b/src/b.rs\n");
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await renderThread(WORKTREE);
    await userEvent.click(await screen.findByTestId("worktree-patch"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("diff --git a/src/b.rs b/src/b.rs\n"));
    expect(await screen.findByTestId("worktree-notice")).toHaveTextContent("on the clipboard");
  });
});
