import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { NewSessionDialog } from "../sessions/NewSessionDialog";
import { MAX_ENTRANTS, RaceDialog } from "./RaceDialog";
import { makeRace } from "./testing/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function open(initialTask?: string) {
  const onStarted = vi.fn();
  const onClose = vi.fn();
  render(<RaceDialog workspace={WORKSPACE} initialTask={initialTask} onClose={onClose} onStarted={onStarted} />);
  return { user: userEvent.setup(), dialog: screen.getByTestId("race-dialog"), onStarted, onClose };
}

describe("the Race dialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.worktreeSupport).mockResolvedValue({
      available: true,
      why_not: null,
      by_default: false,
      branches: ["develop", "main"],
      current_branch: "main",
    });
  });

  it("races Codex and Claude by default and sends each one's model, the check and the base", async () => {
    const { user, dialog, onStarted } = open();
    const start = within(dialog).getByTestId("start-race");
    expect(start).toBeDisabled();
    expect(within(dialog).getAllByTestId("race-adapter-select").map((s) => (s as HTMLSelectElement).value)).toEqual(["codex", "claude"]);
    await user.type(within(dialog).getByTestId("race-task-input"), "  Fix the parser  ");
    await user.type(within(dialog).getAllByTestId("race-model-input")[0], "gpt-5.5");
    await user.type(within(dialog).getByTestId("race-check-input"), "cargo test");
    await within(dialog).findByRole("option", { name: "develop" });
    await user.selectOptions(within(dialog).getByTestId("race-base-select"), "develop");
    const started = { race: makeRace(), sessions: [makeSession({ race: "r" })], budget_warning: null };
    vi.mocked(api.startRace).mockResolvedValue(started);
    expect(start).toHaveTextContent("Start race (2 agents)");
    await user.click(start);
    expect(api.startRace).toHaveBeenCalledWith(WORKSPACE, {
      task: "Fix the parser",
      entrants: [
        { adapter: "codex", model: "gpt-5.5" },
        { adapter: "claude", model: null },
      ],
      check: "cargo test",
      base: "develop",
    });
    expect(onStarted).toHaveBeenCalledWith(started);
  });

  it("takes the task typed in New session, and races one agent with two models", async () => {
    const { user, dialog } = open("Port the tests");
    await within(dialog).findByRole("option", { name: "main (checked out now)" });
    expect(within(dialog).getByTestId("race-task-input")).toHaveValue("Port the tests");
    await user.selectOptions(within(dialog).getAllByTestId("race-adapter-select")[1], "codex");
    const models = within(dialog).getAllByTestId("race-model-input");
    await user.type(models[0], "gpt-5.5");
    await user.type(models[1], "gpt-5-mini");
    vi.mocked(api.startRace).mockResolvedValue({ race: makeRace(), sessions: [], budget_warning: null });
    await user.click(within(dialog).getByTestId("start-race"));
    expect(vi.mocked(api.startRace).mock.calls[0][1]).toMatchObject({
      entrants: [
        { adapter: "codex", model: "gpt-5.5" },
        { adapter: "codex", model: "gpt-5-mini" },
      ],
      check: null,
      base: null,
    });
  });

  it("says why outside git, before anything is typed, and does not start", async () => {
    vi.mocked(api.worktreeSupport).mockResolvedValue({
      available: false,
      why_not: "/home/dev/proj is not inside a git repository",
      by_default: false,
      branches: [],
      current_branch: null,
    });
    const { dialog } = open("t");
    expect(await within(dialog).findByTestId("race-unavailable")).toHaveTextContent("not inside a git repository");
    expect(within(dialog).getByTestId("start-race")).toBeDisabled();
  });

  it("keeps at least two agents and at most a few", async () => {
    const { user, dialog } = open("t");
    for (const remove of within(dialog).getAllByRole("button", { name: /Remove agent/ })) expect(remove).toBeDisabled();
    while (within(dialog).queryByTestId("race-add-entrant")) await user.click(within(dialog).getByTestId("race-add-entrant"));
    expect(within(dialog).getAllByTestId("race-entrant-row")).toHaveLength(MAX_ENTRANTS);
    await user.click(within(dialog).getByRole("button", { name: "Remove agent 1" }));
    expect(within(dialog).getAllByTestId("race-entrant-row")).toHaveLength(MAX_ENTRANTS - 1);
    expect(within(dialog).getByTestId("start-race")).toHaveTextContent(`Start race (${MAX_ENTRANTS - 1} agents)`);
  });

  it("shows why the backend refused (a missing CLI, say) and stays open", async () => {
    const { user, dialog, onStarted } = open("t");
    vi.mocked(api.startRace).mockRejectedValue(new Error("claude was not found; install it"));
    await vi.waitFor(() => expect(within(dialog).getByTestId("start-race")).toBeEnabled());
    await user.click(within(dialog).getByTestId("start-race"));
    expect(await within(dialog).findByTestId("race-error")).toHaveTextContent("claude was not found");
    expect(onStarted).not.toHaveBeenCalled();
    expect(within(dialog).getByTestId("start-race")).toBeEnabled();
  });

  it("opens from New session's Race… with the task typed there", async () => {
    const onRace = vi.fn();
    render(<NewSessionDialog workspace={WORKSPACE} onClose={vi.fn()} onStarted={vi.fn()} onRace={onRace} />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId("task-input"), "Fix the parser");
    await user.click(screen.getByTestId("race-button"));
    expect(onRace).toHaveBeenCalledWith("Fix the parser");
  });

  it("is off while the budget refuses new sessions", async () => {
    vi.mocked(api.sessionBudget).mockResolvedValue({ status: null, warning: null, refusal: "refused: $10 of $10 is spent" });
    const { dialog } = open("t");
    await vi.waitFor(() => expect(within(dialog).getByTestId("start-race")).toBeDisabled());
  });
});
