// The thread draws what the real CLIs printed: every recording under
// crates/zwarm-core/tests/fixtures, normalized by the backend's own parsers
// (testdata/recorded.json is generated from them), renders each event with
// its view. The assertions read their expectations from the data itself.
import { within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentEvent } from "../api";
import { displayCommand } from "./format";
import { asTurn, loadRecorded } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";
import { plain, renderThread, rowsOf } from "./testing/render";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

/** The test id of each kind's view; null for kinds the divider stands for. */
const TEST_IDS: Record<AgentEvent["kind"], string | null> = {
  user_message: "user-message",
  agent_message: "agent-message",
  reasoning: "reasoning",
  command: "command-block",
  file_change: "file-change",
  mcp_call: "mcp-call",
  tool_call: "tool-call",
  web_search: "web-search",
  todo_list: "todo-list",
  error: "error-notice",
  turn_started: null,
  turn_completed: null,
  turn_failed: "turn-failed",
  unknown: "unknown-event",
};

const recorded = loadRecorded();
const PROMPT = "the task of this recording";

function ofKind<K extends AgentEvent["kind"]>(events: AgentEvent[], kind: K): Extract<AgentEvent, { kind: K }>[] {
  return events.filter((event): event is Extract<AgentEvent, { kind: K }> => event.kind === kind);
}

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout({ viewport: 4000 });
});
afterEach(() => restoreLayout());

describe("recorded CLI output", () => {
  it("has the recordings the thread is checked against", () => {
    for (const name of ["codex/turn1", "claude/turn1", "codex/cmd_nonzero", "claude/permission_denied", "codex/fail401"]) {
      expect(recorded[name], name).toBeDefined();
    }
  });

  it.each(Object.keys(recorded))("%s: every event has its view, one row each", async (name) => {
    const events = recorded[name];
    const { thread } = await renderThread(asTurn(1, PROMPT, events), { summary: { turn: 1 } });
    const shown = events.filter((event) => TEST_IDS[event.kind] !== null);
    const rows = rowsOf(thread);
    expect(rows).toHaveLength(1 + 1 + shown.length);
    expect(within(rows[0]).getByTestId("turn-divider")).toHaveAttribute("data-turn", "1");
    expect(within(rows[1]).getByTestId("user-message")).toHaveTextContent(PROMPT);
    shown.forEach((event, i) => {
      expect(within(rows[i + 2]).getByTestId(TEST_IDS[event.kind]!), `${name} #${i} ${event.kind}`).toBeInTheDocument();
    });
    for (const [kind, testId] of Object.entries(TEST_IDS)) {
      if (!testId) continue;
      const expected = events.filter((event) => event.kind === kind).length + (kind === "user_message" ? 1 : 0);
      expect(within(thread).queryAllByTestId(testId), `${name}: ${testId}`).toHaveLength(expected);
    }
    expect(within(thread).queryAllByTestId("unknown-event")).toHaveLength(ofKind(events, "unknown").length);
  });

  it.each(Object.keys(recorded))("%s: messages, commands and failures say what the CLI said", async (name) => {
    const events = recorded[name];
    const { thread } = await renderThread(asTurn(1, PROMPT, events), { summary: { turn: 1 } });

    const messages = within(thread).queryAllByTestId("agent-message");
    expect(messages.map((m) => plain(m.textContent ?? ""))).toEqual(
      ofKind(events, "agent_message").map((m) => plain(m.text)),
    );

    const commands = ofKind(events, "command");
    const blocks = within(thread).queryAllByTestId("command-block");
    commands.forEach((command, i) => {
      const line = within(blocks[i]).getByTestId("command-line");
      expect(line).toHaveAttribute("title", command.command);
      expect(line).toHaveTextContent(displayCommand(command.command), { normalizeWhitespace: false });
      expect(blocks[i]).toHaveAttribute("data-status", command.status);
      if (command.exit_code !== null) {
        const exit = within(blocks[i]).getByTestId("exit-code");
        expect(exit).toHaveTextContent(`exit ${command.exit_code}`);
        expect(exit.classList.contains("nonzero")).toBe(command.exit_code !== 0);
      }
    });

    const failures = within(thread).queryAllByTestId("turn-failed");
    ofKind(events, "turn_failed").forEach((failure, i) => {
      expect(plain(failures[i].textContent ?? "")).toContain(plain(failure.message));
    });
    const notices = within(thread).queryAllByTestId("error-notice");
    ofKind(events, "error").forEach((error, i) => {
      expect(plain(notices[i].textContent ?? "")).toContain(plain(error.message));
    });
    for (const reasoning of within(thread).queryAllByTestId("reasoning")) {
      expect(reasoning.tagName).toBe("DETAILS");
      expect(reasoning).not.toHaveAttribute("open");
    }
  });

  it("codex/turn1 shows its command line and the agent's answer", async () => {
    const events = recorded["codex/turn1"];
    const { thread } = await renderThread(asTurn(1, PROMPT, events), { summary: { turn: 1 } });
    const command = ofKind(events, "command")[0];
    expect(command).toBeDefined();
    expect(within(thread).getByTestId("command-block")).toHaveTextContent(displayCommand(command.command));
    const answer = ofKind(events, "agent_message").at(-1)!;
    expect(plain(within(thread).getAllByTestId("agent-message").at(-1)!.textContent ?? "")).toBe(plain(answer.text));
  });

  it("a failing command's non-zero exit code is marked", async () => {
    const failing = Object.values(recorded)
      .flatMap((events) => ofKind(events, "command"))
      .find((command) => command.exit_code !== null && command.exit_code !== 0);
    expect(failing, "a recording with a failing command").toBeDefined();
    const { thread } = await renderThread(asTurn(1, PROMPT, [failing!]), { summary: { turn: 1 } });
    expect(within(thread).getByTestId("exit-code")).toHaveClass("nonzero");
  });

  it("a failed turn shows the CLI's own message", async () => {
    const failedRecordings = Object.entries(recorded).filter(([, events]) => ofKind(events, "turn_failed").length > 0);
    expect(failedRecordings.map(([name]) => name)).toContain("codex/fail401");
    const events = recorded["codex/fail401"];
    const { thread } = await renderThread(asTurn(1, PROMPT, events), { summary: { turn: 1, status: "failed" } });
    expect(within(thread).getByTestId("turn-failed")).toHaveTextContent(ofKind(events, "turn_failed")[0].message);
  });
});
