import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeSession, modes, WORKSPACE } from "../shell/fixtures";
import { DANGER_WARNING, NewSessionDialog, workingDirProblem } from "./NewSessionDialog";

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
  });

  it("selects the adapter's safe default mode", async () => {
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("mode-select")).toHaveValue("workspace-write"));
    expect(screen.queryByTestId("danger-warning")).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("adapter-select"), "claude");
    expect(screen.getByTestId("mode-select")).toHaveValue("acceptEdits");
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
    });
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

  it("refuses working folders outside the workspace", () => {
    expect(workingDirProblem(WORKSPACE, "")).toBeNull();
    expect(workingDirProblem(WORKSPACE, "crates/core")).toBeNull();
    expect(workingDirProblem(WORKSPACE, `${WORKSPACE}/crates`)).toBeNull();
    expect(workingDirProblem(WORKSPACE, "../other")).not.toBeNull();
    expect(workingDirProblem(WORKSPACE, "/etc")).not.toBeNull();
    expect(workingDirProblem(WORKSPACE, `${WORKSPACE}-evil`)).not.toBeNull();
  });
});
