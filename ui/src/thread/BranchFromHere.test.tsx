import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { SessionThread } from "./SessionThread";
import { asTurn, makeDetail, makeTurn, pagedBackend } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

beforeEach(() => {
  vi.clearAllMocks();
  installFakeLayout();
});

async function renderTwoTurns(onForked = vi.fn(), status: "completed" | "running" = "completed") {
  const detail = makeDetail({ id: "s1", turn: 2, status }, [
    makeTurn({ number: 1, prompt: "remember A", files_after: "c".repeat(40) }),
    makeTurn({ number: 2, prompt: "remember B", status, ended_at: status === "running" ? null : "2026-01-01T10:02:00.000000" }),
  ]);
  vi.mocked(api.getSession).mockResolvedValue(detail);
  vi.mocked(api.sessionEvents).mockImplementation(
    pagedBackend([...asTurn(1, "remember A", []), ...asTurn(2, "remember B", [])]),
  );
  render(<SessionThread workspace={WORKSPACE} sessionId="s1" onForked={onForked} />);
  await screen.findAllByTestId("thread-event");
  return onForked;
}

const dividerOf = (turn: number) =>
  screen.getAllByTestId("turn-divider").find((d) => d.dataset.turn === String(turn)) as HTMLElement;

describe("Branch from here", () => {
  it("forks the session after that turn and hands over the new session", async () => {
    const fork = makeSession({ id: "f1", turn: 1, forked_from: { session_id: "s1", turn: 1, fork_mode: "native" } });
    vi.mocked(api.forkSession).mockResolvedValue(fork);
    const onForked = await renderTwoTurns();
    await userEvent.click(within(dividerOf(1)).getByRole("button", { name: "Branch from here" }));
    expect(api.forkSession).not.toHaveBeenCalled();
    await userEvent.click(within(screen.getByTestId("branch-dialog")).getByTestId("branch-confirm"));
    expect(api.forkSession).toHaveBeenCalledWith(WORKSPACE, "s1", 1, false);
    await waitFor(() => expect(onForked).toHaveBeenCalledWith(fork));
    expect(screen.queryByTestId("branch-dialog")).toBeNull();
    expect(api.previewTurnFiles, "no preview unless asked").not.toHaveBeenCalled();
  });

  it("can put the files back as they were after the turn, after showing their diffs", async () => {
    const fork = makeSession({ id: "f1", turn: 1 });
    vi.mocked(api.forkSession).mockResolvedValue(fork);
    const patch = ["diff --git a/notes.md b/notes.md", "--- a/notes.md", "+++ b/notes.md", "@@ -1 +1 @@", "-later", "+after turn 1", ""].join("\n");
    vi.mocked(api.previewTurnFiles).mockResolvedValue({
      plan: { changed: ["notes.md"], added: [], removed: [], skipped: [] },
      diffs: [{ path: "notes.md", kind: "update", patch, binary: false, additions: 1, deletions: 1, truncated: false }],
    });
    const onForked = await renderTwoTurns();
    await userEvent.click(within(dividerOf(1)).getByRole("button", { name: "Branch from here" }));
    const dialog = screen.getByTestId("branch-dialog");
    await userEvent.click(within(dialog).getByTestId("branch-restore-files"));
    expect(api.previewTurnFiles).toHaveBeenCalledWith(WORKSPACE, "s1", 1);
    await userEvent.click(await within(dialog).findByTestId("restore-file"));
    expect(within(dialog).getByTestId("file-diff")).toHaveTextContent("after turn 1");
    await userEvent.click(within(dialog).getByRole("button", { name: "Branch and restore files" }));
    expect(api.forkSession).toHaveBeenCalledWith(WORKSPACE, "s1", 1, true);
    await waitFor(() => expect(onForked).toHaveBeenCalledWith(fork));
  });

  it("says when a turn's files were not recorded", async () => {
    await renderTwoTurns();
    await userEvent.click(within(dividerOf(2)).getByRole("button", { name: "Branch from here" }));
    expect(screen.getByTestId("branch-restore-files")).toBeDisabled();
    expect(screen.getByTestId("branch-no-files")).toHaveTextContent("No files were recorded");
  });

  it("says why when the fork is refused", async () => {
    vi.mocked(api.forkSession).mockRejectedValue(new Error("turn 2 has not ended yet"));
    const onForked = await renderTwoTurns();
    await userEvent.click(within(dividerOf(2)).getByRole("button", { name: "Branch from here" }));
    await userEvent.click(screen.getByTestId("branch-confirm"));
    expect(await screen.findByTestId("branch-error")).toHaveTextContent("turn 2 has not ended yet");
    expect(onForked).not.toHaveBeenCalled();
  });

  it("is not offered on a turn that still runs", async () => {
    await renderTwoTurns(vi.fn(), "running");
    expect(within(dividerOf(2)).getByRole("button", { name: "Branch from here" })).toBeDisabled();
    expect(within(dividerOf(1)).getByRole("button", { name: "Branch from here" })).toBeEnabled();
  });
});
