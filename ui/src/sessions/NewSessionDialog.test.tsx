import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeSession, modes, WORKSPACE } from "../shell/fixtures";
import { ASK_HINT, DANGER_WARNING, NewSessionDialog, workingDirProblem } from "./NewSessionDialog";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function renderDialog() {
  const onStarted = vi.fn();
  const onClose = vi.fn();
  render(<NewSessionDialog workspace={WORKSPACE} onClose={onClose} onStarted={onStarted} />);
  return { onStarted, onClose, user: userEvent.setup() };
}

describe("NewSessionDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.sessionModes).mockResolvedValue(modes);
    vi.mocked(api.sessionBudget).mockReset().mockResolvedValue({ status: null, warning: null, refusal: null });
  });

  it("selects the adapter's safe default mode", async () => {
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("mode-select")).toHaveValue("workspace-write"));
    expect(screen.queryByTestId("danger-warning")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("adapter-select"), "claude");
    expect(screen.getByTestId("mode-select")).toHaveValue("acceptEdits");
  });

  it("offers Ask me, explains it, and preselects it when it is the workspace's default", async () => {
    vi.mocked(api.sessionModes).mockResolvedValue(modes.map((m) => (m.adapter === "codex" ? { ...m, default: "ask" } : m)));
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("mode-select")).toHaveValue("ask"));
    expect(api.sessionModes).toHaveBeenCalledWith(WORKSPACE);
    expect(screen.getByRole("option", { name: "Ask me" })).toBeInTheDocument();
    expect(screen.getByTestId("ask-hint")).toHaveTextContent(ASK_HINT);
    await user.selectOptions(screen.getByTestId("mode-select"), "workspace-write");
    expect(screen.queryByTestId("ask-hint")).not.toBeInTheDocument();
  });

  it("warns clearly when a dangerous mode is picked", async () => {
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("mode-select")).not.toBeDisabled());
    await user.selectOptions(screen.getByTestId("mode-select"), "danger-full-access");
    expect(screen.getByTestId("danger-warning")).toHaveTextContent(DANGER_WARNING);
    await user.selectOptions(screen.getByTestId("mode-select"), "read-only");
    expect(screen.queryByTestId("danger-warning")).not.toBeInTheDocument();
  });

  it("starts the session with the form's request and hands it back", async () => {
    const started = makeSession({ id: "n1", status: "running" });
    vi.mocked(api.startSession).mockResolvedValue(started);
    const { user, onStarted } = renderDialog();
    expect(screen.getByTestId("start-session")).toBeDisabled();
    await user.type(screen.getByTestId("task-input"), "  Add a --json flag  ");
    await user.selectOptions(screen.getByTestId("adapter-select"), "claude");
    await user.type(screen.getByTestId("model-input"), "opus");
    await waitFor(() => expect(screen.getByTestId("mode-select")).toHaveValue("acceptEdits"));
    await user.selectOptions(screen.getByTestId("mode-select"), "bypassPermissions");
    await user.type(screen.getByTestId("working-dir-input"), "crates/cli");
    await user.click(screen.getByTestId("start-session"));
    expect(api.startSession).toHaveBeenCalledWith(WORKSPACE, {
      task: "Add a --json flag",
      adapter: "claude",
      model: "opus",
      mode: "bypassPermissions",
      working_dir: "crates/cli",
      isolation: null,
    });
    expect(onStarted).toHaveBeenCalledWith(started);
  });

  it("sends nulls for the optional fields left empty", async () => {
    vi.mocked(api.startSession).mockResolvedValue(makeSession());
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("mode-select")).toHaveValue("workspace-write"));
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(api.startSession).toHaveBeenCalledWith(WORKSPACE, {
      task: "Do it",
      adapter: "codex",
      model: null,
      mode: "workspace-write",
      working_dir: null,
      isolation: null,
    });
  });

  it("says why a worktree is not offered outside git, and sends no choice", async () => {
    const { user } = renderDialog();
    expect(await screen.findByTestId("worktree-unavailable")).toHaveTextContent("not a git repository");
    expect(screen.getByTestId("worktree-checkbox")).toBeDisabled();
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(vi.mocked(api.startSession).mock.calls[0][1].isolation).toBeNull();
  });

  it("starts in a worktree by the workspace's default, from a chosen branch", async () => {
    vi.mocked(api.worktreeSupport).mockResolvedValue({
      available: true,
      why_not: null,
      by_default: true,
      branches: ["main", "release"],
      current_branch: "main",
    });
    vi.mocked(api.startSession).mockResolvedValue(makeSession());
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("worktree-checkbox")).toBeChecked());
    await user.selectOptions(screen.getByTestId("worktree-base-select"), "release");
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(vi.mocked(api.startSession).mock.calls[0][1].isolation).toEqual({ kind: "worktree", base: "release" });
  });

  it("starts in the folder when the user unticks the workspace's worktree default", async () => {
    vi.mocked(api.worktreeSupport).mockResolvedValue({
      available: true,
      why_not: null,
      by_default: true,
      branches: ["main"],
      current_branch: "main",
    });
    vi.mocked(api.startSession).mockResolvedValue(makeSession());
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("worktree-checkbox")).toBeChecked());
    await user.click(screen.getByTestId("worktree-checkbox"));
    expect(screen.queryByTestId("worktree-base-select")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(vi.mocked(api.startSession).mock.calls[0][1].isolation).toEqual({ kind: "none" });
  });

  it("shows the backend's message when the start fails", async () => {
    vi.mocked(api.startSession).mockRejectedValue(new api.BackendError("codex was not found on PATH"));
    const { user, onStarted } = renderDialog();
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(await screen.findByTestId("new-session-error")).toHaveTextContent("codex was not found on PATH");
    expect(onStarted).not.toHaveBeenCalled();
    expect(screen.getByTestId("start-session")).toBeEnabled();
  });

  it("checks the workspace budget on open and shows a warning in amber, Start still on", async () => {
    vi.mocked(api.sessionBudget).mockResolvedValue({
      status: { scope: "workspace", limit_usd: 10, spent_usd: 8.5, fraction: 0.85, level: "warning" },
      warning: "$8.50 of the workspace budget of $10.00 is spent (85 %)",
      refusal: null,
    });
    const { user } = renderDialog();
    const warning = await screen.findByTestId("session-budget-warning");
    expect(api.sessionBudget).toHaveBeenCalledWith(WORKSPACE);
    expect(warning).toHaveTextContent("$8.50 of the workspace budget of $10.00 is spent (85 %)");
    expect(warning).toHaveClass("warning");
    expect(screen.queryByTestId("session-budget-refusal")).not.toBeInTheDocument();
    await user.type(screen.getByTestId("task-input"), "Do it");
    expect(screen.getByTestId("start-session")).toBeEnabled();
  });

  it("shows an enforced refusal in red and turns Start off with the reason", async () => {
    const refusal =
      "refused: $10.20 of the workspace budget of $10.00 is spent (102 %). Raise it in Settings → Budgets or in [budget] of .zwarm/config.toml";
    vi.mocked(api.sessionBudget).mockResolvedValue({
      status: { scope: "workspace", limit_usd: 10, spent_usd: 10.2, fraction: 1.02, level: "exceeded" },
      warning: null,
      refusal,
    });
    const { user } = renderDialog();
    const shown = await screen.findByTestId("session-budget-refusal");
    expect(shown).toHaveClass("error");
    expect(shown).toHaveTextContent("New sessions are refused. $10.20 of the workspace budget of $10.00 is spent (102 %)");
    await user.type(screen.getByTestId("task-input"), "Do it");
    expect(screen.getByTestId("start-session")).toBeDisabled();
    expect(screen.getByTestId("start-session")).toHaveAttribute("title", refusal);
    expect(api.startSession).not.toHaveBeenCalled();
  });

  it("shows the refusal when a start is refused for a budget spent since the dialog opened", async () => {
    const refusal = "refused: $10.00 of the workspace budget of $10.00 is spent (100 %). Raise it in Settings → Budgets";
    vi.mocked(api.sessionBudget)
      .mockResolvedValueOnce({ status: null, warning: null, refusal: null })
      .mockResolvedValue({ status: null, warning: null, refusal });
    vi.mocked(api.startSession).mockRejectedValue(new api.BackendError(refusal));
    const { user, onStarted } = renderDialog();
    await waitFor(() => expect(api.sessionBudget).toHaveBeenCalledTimes(1));
    await user.type(screen.getByTestId("task-input"), "Do it");
    await user.click(screen.getByTestId("start-session"));
    expect(await screen.findByTestId("session-budget-refusal")).toHaveTextContent("$10.00 of the workspace budget");
    expect(screen.getByTestId("start-session")).toBeDisabled();
    // Said once, not twice.
    expect(screen.queryByTestId("new-session-error")).not.toBeInTheDocument();
    expect(onStarted).not.toHaveBeenCalled();
  });

  it("refuses working folders outside the workspace", () => {
    expect(workingDirProblem(WORKSPACE, "")).toBeNull();
    expect(workingDirProblem(WORKSPACE, "crates/core")).toBeNull();
    expect(workingDirProblem(WORKSPACE, `${WORKSPACE}/crates`)).toBeNull();
    expect(workingDirProblem(WORKSPACE, "../other")).not.toBeNull();
    expect(workingDirProblem(WORKSPACE, "/etc")).not.toBeNull();
    expect(workingDirProblem(WORKSPACE, `${WORKSPACE}-evil`)).not.toBeNull();
  });
});
