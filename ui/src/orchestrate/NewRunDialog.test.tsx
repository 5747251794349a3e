import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { parseLimits } from "./NewRunDialog";
import { resetRunBusForTest } from "./runBus";
import { RunsView } from "./RunsView";
import { makeRunInfo, makeRunMeta } from "./testing/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

async function openForm() {
  const user = userEvent.setup();
  render(<RunsView workspace={WORKSPACE} onOpenSession={vi.fn()} />);
  await user.click(await screen.findByTestId("new-run-button"));
  const dialog = screen.getByTestId("new-run-dialog");
  return { user, dialog };
}

describe("the new-run form", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetRunBusForTest();
    vi.mocked(api.listRuns).mockResolvedValue([]);
    vi.mocked(api.subscribeRuns).mockResolvedValue(undefined);
  });

  it("sends the task with nulls for empty limits and the shell tool on, then opens the new run", async () => {
    const { user, dialog } = await openForm();
    expect(within(dialog).getByTestId("run-shell-input")).toBeChecked();
    expect(within(dialog).getByTestId("run-shell-note")).toHaveTextContent("in the workspace folder");
    expect(within(dialog).getByTestId("start-run")).toBeDisabled();
    await waitFor(() => expect(within(dialog).getByTestId("run-model-input")).toHaveValue("gpt-5"));
    expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("Through OpenAI Responses, as the workspace's pilot.");

    const meta = makeRunMeta("new", { task: "Upgrade the parser\nand its tests" });
    vi.mocked(api.startRun).mockResolvedValue(meta);
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta, nodes: [], tips: [], skipped_lines: 0, running: true });
    await user.type(within(dialog).getByTestId("run-task-input"), "  Upgrade the parser\nand its tests  ");
    vi.mocked(api.listRuns).mockResolvedValue([{ ...makeRunInfo("new"), meta }]);
    await user.click(within(dialog).getByTestId("start-run"));

    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, {
      task: "Upgrade the parser\nand its tests",
      model: null,
      max_steps: null,
      budget_usd: null,
      shell: true,
    });
    await waitFor(() => expect(screen.queryByTestId("new-run-dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("run-detail")).toHaveAttribute("data-run-id", "new");
    expect(screen.getByTestId("run-row")).toHaveAttribute("data-run-id", "new");
  });

  it("sends the limits and the shell choice the user gave", async () => {
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.type(within(dialog).getByTestId("run-max-steps-input"), "12");
    await user.type(within(dialog).getByTestId("run-budget-input"), "$2.50");
    await user.click(within(dialog).getByTestId("run-shell-input"));
    await user.click(within(dialog).getByTestId("start-run"));
    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, { task: "Tidy the docs", model: null, max_steps: 12, budget_usd: 2.5, shell: false });
  });

  it("sends another model with the workspace's provider when the user names one", async () => {
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    const input = within(dialog).getByTestId("run-model-input");
    await waitFor(() => expect(input).toHaveValue("gpt-5"));
    await user.clear(input);
    await user.type(input, "gpt-5.5-mini");
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.click(within(dialog).getByTestId("start-run"));
    const request = vi.mocked(api.startRun).mock.calls[0][1];
    expect(request.model?.model).toBe("gpt-5.5-mini");
    expect(request.model?.provider).toBeTruthy();
  });

  it("says plainly what is wrong with a limit, and what the backend refused", async () => {
    const { user, dialog } = await openForm();
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.type(within(dialog).getByTestId("run-max-steps-input"), "ten");
    await user.click(within(dialog).getByTestId("start-run"));
    expect(within(dialog).getByTestId("new-run-error")).toHaveTextContent("Max steps must be a whole number of at least 1.");
    expect(api.startRun).not.toHaveBeenCalled();

    await user.clear(within(dialog).getByTestId("run-max-steps-input"));
    vi.mocked(api.startRun).mockRejectedValue(new Error("no API key for OpenAI: set OPENAI_API_KEY or save one in Settings"));
    const listCalls = vi.mocked(api.listRuns).mock.calls.length;
    await user.click(within(dialog).getByTestId("start-run"));
    expect(await within(dialog).findByTestId("new-run-error")).toHaveTextContent("no API key for OpenAI");
    expect(screen.getByTestId("new-run-dialog")).toBeInTheDocument();
    expect(within(dialog).getByTestId("start-run")).toBeEnabled();
    // The run may exist even though it could not be driven: the list looks again.
    await waitFor(() => expect(vi.mocked(api.listRuns).mock.calls.length).toBeGreaterThan(listCalls));
  });

  it("reads limits as the request wants them", () => {
    expect(parseLimits("", " ")).toEqual({ max_steps: null, budget_usd: null });
    expect(parseLimits(" 8 ", "$0.75")).toEqual({ max_steps: 8, budget_usd: 0.75 });
    expect(parseLimits("0", "")).toBe("Max steps must be a whole number of at least 1.");
    expect(parseLimits("2.5", "")).toBe("Max steps must be a whole number of at least 1.");
    expect(parseLimits("", "-1")).toBe("The budget must be an amount in dollars above 0.");
  });
});
