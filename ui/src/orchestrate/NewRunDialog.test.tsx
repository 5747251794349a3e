import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { parseLimits } from "./NewRunDialog";
import { resetRunBusForTest } from "./runBus";
import { RunsView } from "./RunsView";
import { makeMeta } from "../graph/testing/fixtures";
import { makeRunInfo, makeRunMeta } from "./testing/fixtures";

const DEFAULT_MODEL = { provider: "open_ai_responses" as const, model: "gpt-5", base_url: null };

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

async function openForm() {
  const user = userEvent.setup();
  render(<RunsView workspace={WORKSPACE} sessions={[]} onOpenSession={vi.fn()} />);
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
    vi.mocked(api.pilotDefaults).mockResolvedValue(DEFAULT_MODEL);
    vi.mocked(api.runDefaults).mockResolvedValue({ max_steps: 60, budget_usd: null, shell: true, shell_timeout_secs: 120, shell_output_chars: 8000 });
    vi.mocked(api.listPilots).mockResolvedValue([]);
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "OPENAI_API_KEY" }, storage: { kind: "keyring" } },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "ANTHROPIC_API_KEY" }, storage: { kind: "keyring" } },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
    ]);
  });

  it("sends the task with nulls for empty limits and the shell left to the workspace, then opens the new run", async () => {
    const { user, dialog } = await openForm();
    expect(within(dialog).getByTestId("run-shell-input")).toBeChecked();
    expect(within(dialog).getByTestId("run-shell-note")).toHaveTextContent("in the workspace folder");
    expect(within(dialog).getByTestId("start-run")).toBeDisabled();
    await waitFor(() => expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("The run talks to gpt-5 through OpenAI Responses."));
    expect(within(dialog).getByTestId("run-model-select")).toHaveValue("default");
    expect(within(dialog).getByRole("option", { name: "Workspace default: gpt-5 · OpenAI Responses" })).toBeInTheDocument();
    expect(within(dialog).getByTestId("run-key-status")).toHaveTextContent("Key for OpenAI Responses: from the environment (OPENAI_API_KEY");

    const meta = makeRunMeta("new", { task: "Upgrade the parser\nand its tests" });
    vi.mocked(api.startRun).mockResolvedValue(meta);
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta, nodes: [], tips: [], skipped_lines: 0, running: true });
    await user.type(within(dialog).getByTestId("run-task-input"), "  Upgrade the parser\nand its tests  ");
    vi.mocked(api.listRuns).mockResolvedValue([{ ...makeRunInfo("new"), meta }]);
    await user.click(within(dialog).getByTestId("start-run"));

    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, {
      task: "Upgrade the parser\nand its tests",
      model: { provider: "open_ai_responses", model: "gpt-5", base_url: null },
      max_steps: null,
      budget_usd: null,
      shell: null,
    });
    await waitFor(() => expect(screen.queryByTestId("new-run-dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("run-detail")).toHaveAttribute("data-run-id", "new");
    expect(screen.getByTestId("run-row")).toHaveAttribute("data-run-id", "new");
  });

  it("sends the limits and the shell choice the user gave", async () => {
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    await waitFor(() => expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("gpt-5"));
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.type(within(dialog).getByTestId("run-max-steps-input"), "12");
    await user.type(within(dialog).getByTestId("run-budget-input"), "$2.50");
    await user.click(within(dialog).getByTestId("run-shell-input"));
    await user.click(within(dialog).getByTestId("start-run"));
    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, { task: "Tidy the docs", model: DEFAULT_MODEL, max_steps: 12, budget_usd: 2.5, shell: false });
  });

  it("shows the workspace's shell default and sends a change of it", async () => {
    vi.mocked(api.runDefaults).mockResolvedValue({ max_steps: 60, budget_usd: null, shell: false, shell_timeout_secs: 120, shell_output_chars: 8000 });
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    await waitFor(() => expect(within(dialog).getByTestId("run-shell-input")).not.toBeChecked());
    await user.click(within(dialog).getByTestId("run-shell-input"));
    expect(within(dialog).getByTestId("run-shell-input")).toBeChecked();
    await waitFor(() => expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("gpt-5"));
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.click(within(dialog).getByTestId("start-run"));
    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, expect.objectContaining({ shell: true }));
  });

  it("offers each pilot's model by the pilot's name, and sends the one chosen with its local server", async () => {
    const local = { provider: "chat_completions" as const, model: "qwen3-coder", base_url: "http://127.0.0.1:11434/v1" };
    vi.mocked(api.listPilots).mockResolvedValue([
      { meta: makeMeta({ id: "p-local", name: "local helper", model: local }), nodes: 2, running: false },
      // A run is stored like a pilot: not offered.
      { meta: makeRunMeta("r-old"), nodes: 1, running: false },
    ]);
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    const option = await within(dialog).findByRole("option", {
      name: "As pilot “local helper”: qwen3-coder · OpenAI-compatible chat · http://127.0.0.1:11434/v1",
    });
    expect(within(dialog).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["default", "pilot:p-local", "custom"]);
    await user.selectOptions(within(dialog).getByTestId("run-model-select"), option);
    expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent(
      "The run talks to qwen3-coder through OpenAI-compatible chat at http://127.0.0.1:11434/v1.",
    );
    expect(within(dialog).getByTestId("run-key-status")).toHaveTextContent("none (most local servers need none)");
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.click(within(dialog).getByTestId("start-run"));
    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, expect.objectContaining({ model: local }));
  });

  it("Custom… sends the provider, model and base URL typed, and offers to save a missing key", async () => {
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "OPENAI_API_KEY" }, storage: { kind: "keyring" } },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
    ]);
    const { user, dialog } = await openForm();
    vi.mocked(api.startRun).mockResolvedValue(makeRunMeta("new"));
    vi.mocked(api.getPilotGraph).mockResolvedValue({ meta: makeRunMeta("new"), nodes: [], tips: [], skipped_lines: 0, running: true });
    await waitFor(() => expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("gpt-5"));
    expect(within(dialog).queryByTestId("run-model-input")).not.toBeInTheDocument();
    await user.selectOptions(within(dialog).getByTestId("run-model-select"), "custom");
    // Custom starts from the workspace default, to edit.
    expect(within(dialog).getByTestId("run-model-input")).toHaveValue("gpt-5");
    await user.selectOptions(within(dialog).getByTestId("run-provider-select"), "anthropic");
    await user.clear(within(dialog).getByTestId("run-model-input"));
    expect(within(dialog).getByTestId("start-run")).toBeDisabled();
    await user.type(within(dialog).getByTestId("run-model-input"), "claude-sonnet-4-5");
    await user.type(within(dialog).getByTestId("run-base-url-input"), " https://proxy.example/v1 ");
    expect(within(dialog).getByTestId("pilot-key-notice")).toHaveTextContent("No API key for Anthropic Messages (ANTHROPIC_API_KEY is not set)");
    expect(within(dialog).getByTestId("run-key-status")).toHaveTextContent("Key for Anthropic Messages: none (set ANTHROPIC_API_KEY, or save one)");
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.click(within(dialog).getByTestId("start-run"));
    expect(api.startRun).toHaveBeenCalledWith(
      WORKSPACE,
      expect.objectContaining({ model: { provider: "anthropic", model: "claude-sonnet-4-5", base_url: "https://proxy.example/v1" } }),
    );
  });

  it("says when the workspace default cannot be read, and starts only with another choice", async () => {
    vi.mocked(api.pilotDefaults).mockRejectedValue(new Error("[pilot]: unknown field `modle`"));
    const { user, dialog } = await openForm();
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await waitFor(() => expect(within(dialog).getByTestId("run-model-note")).toHaveTextContent("Could not read the workspace's pilot defaults ([pilot]: unknown field `modle`)"));
    expect(within(dialog).getByTestId("start-run")).toBeDisabled();
    await user.selectOptions(within(dialog).getByTestId("run-model-select"), "custom");
    await user.type(within(dialog).getByTestId("run-model-input"), "gpt-5.5");
    expect(within(dialog).getByTestId("start-run")).toBeEnabled();
  });

  it("says plainly what is wrong with a limit, and what the backend refused", async () => {
    const { user, dialog } = await openForm();
    await user.type(within(dialog).getByTestId("run-task-input"), "Tidy the docs");
    await user.type(within(dialog).getByTestId("run-max-steps-input"), "ten");
    await user.click(within(dialog).getByTestId("start-run"));
    expect(within(dialog).getByTestId("new-run-error")).toHaveTextContent("Max steps must be a whole number of at least 1.");
    expect(api.startRun).not.toHaveBeenCalled();

    await user.clear(within(dialog).getByTestId("run-max-steps-input"));
    vi.mocked(api.startRun).mockRejectedValue(new Error("no API key for OpenAI: set OPENAI_API_KEY, or save the key in the app's Settings → Keys"));
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
