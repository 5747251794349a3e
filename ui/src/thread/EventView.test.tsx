// Kinds the recordings may lack, made by hand: MCP and tool calls, web
// searches, to-do lists, file changes, unknown lines; and how long parts fold.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AgentEvent } from "../api";
import { asTurn, makeTurn } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";
import { renderThread, rowsOf } from "./testing/render";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const longOutput = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");

const handMade: AgentEvent[] = [
  { kind: "turn_started" },
  { kind: "reasoning", text: "**Looking around**\n\nThe tests live in tests/." },
  { kind: "agent_message", text: "Here is the fix:\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |" },
  { kind: "command", command: "cargo test", output: longOutput, exit_code: 101, status: "failed" },
  { kind: "command", command: "sleep 100", output: "", exit_code: null, status: "running" },
  {
    kind: "file_change",
    changes: [
      { path: "src/new.rs", kind: "add" },
      { path: "src/lib.rs", kind: "update" },
      { path: "src/old.rs", kind: "delete" },
    ],
    status: "completed",
  },
  {
    kind: "mcp_call",
    server: "docs",
    tool: "search",
    arguments: { query: "virtual lists", limit: 3 },
    result: { hits: ["a", "b"] },
    error: null,
    status: "completed",
  },
  { kind: "mcp_call", server: "db", tool: "query", arguments: { sql: "select 1" }, result: null, error: "connection refused", status: "failed" },
  { kind: "tool_call", name: "Read", input: { file_path: "src/lib.rs" }, output: "fn lib() {}", is_error: false, status: "completed" },
  { kind: "tool_call", name: "Grep", input: { pattern: "TODO" }, output: "No such file", is_error: true, status: "failed" },
  { kind: "web_search", query: "tanstack virtual measureElement", status: "completed" },
  {
    kind: "todo_list",
    items: [
      { text: "Reproduce", completed: true },
      { text: "Fix", completed: false },
    ],
  },
  { kind: "error", message: "Reconnecting... 1/5" },
  { kind: "unknown", raw: { type: "brand.new", payload: { x: 1 } } },
  { kind: "turn_failed", message: "stream disconnected" },
];

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout({ viewport: 4000 });
});
afterEach(() => restoreLayout());

async function renderHandMade() {
  return renderThread(asTurn(1, "fix it", handMade), { summary: { turn: 1, status: "failed" } });
}

describe("event views", () => {
  it("draws every kind, one row each, with nothing dropped", async () => {
    const { thread } = await renderHandMade();
    // divider + prompt + every event but turn_started
    expect(rowsOf(thread)).toHaveLength(2 + handMade.length - 1);
    for (const testId of [
      "user-message",
      "agent-message",
      "reasoning",
      "command-block",
      "file-change",
      "mcp-call",
      "tool-call",
      "web-search",
      "todo-list",
      "error-notice",
      "unknown-event",
      "turn-failed",
    ]) {
      expect(within(thread).queryAllByTestId(testId).length, testId).toBeGreaterThan(0);
    }
  });

  it("renders agent Markdown with highlighted code and tables", async () => {
    const { thread } = await renderHandMade();
    const message = within(thread).getByTestId("agent-message");
    const code = message.querySelector("pre code");
    expect(code).toHaveClass("hljs");
    expect(code?.querySelector("[class^=hljs-]")).not.toBeNull();
    expect(message.querySelector("table")).not.toBeNull();
  });

  it("keeps reasoning folded until asked", async () => {
    const { thread } = await renderHandMade();
    const reasoning = within(thread).getByTestId("reasoning");
    expect(reasoning).not.toHaveAttribute("open");
    expect(reasoning).toHaveTextContent("Looking around");
    expect(reasoning).not.toHaveTextContent("The tests live in tests/.");
    await userEvent.click(within(reasoning).getByText("Reasoning"));
    expect(reasoning).toHaveTextContent("The tests live in tests/.");
  });

  it("marks a failing command and folds its long output", async () => {
    const { thread } = await renderHandMade();
    const [failing, running] = within(thread).getAllByTestId("command-block");
    expect(within(failing).getByTestId("exit-code")).toHaveTextContent("exit 101");
    expect(within(failing).getByTestId("exit-code")).toHaveClass("nonzero");
    expect(within(failing).queryByTestId("command-running")).toBeNull();
    const output = within(failing).getByTestId("command-output");
    expect(output).toHaveTextContent("line 30");
    expect(output).not.toHaveTextContent("line 1 ");
    await userEvent.click(within(failing).getByRole("button", { name: "Show all 30 lines" }));
    expect(within(failing).getByTestId("command-output").textContent).toBe(longOutput);

    expect(within(running).getByTestId("command-running")).toBeInTheDocument();
    expect(within(running).queryByTestId("exit-code")).toBeNull();
  });

  it("shows items cut off by the end of their turn as interrupted, without a spinner", async () => {
    const interrupted: AgentEvent[] = [
      { kind: "command", command: "sleep 100", output: "", exit_code: null, status: "interrupted" },
      { kind: "file_change", changes: [{ path: "src/a.rs", kind: "update" }], status: "interrupted" },
      { kind: "mcp_call", server: "db", tool: "query", arguments: {}, result: null, error: null, status: "interrupted" },
      { kind: "tool_call", name: "Task", input: {}, output: null, is_error: false, status: "interrupted" },
      { kind: "web_search", query: "zwarm", status: "interrupted" },
    ];
    const { thread } = await renderThread(asTurn(1, "go", interrupted), { summary: { turn: 1, status: "killed" } });
    const command = within(thread).getByTestId("command-block");
    expect(command).toHaveAttribute("data-status", "interrupted");
    expect(within(command).getByTestId("command-interrupted")).toHaveTextContent("interrupted");
    expect(within(command).queryByTestId("command-running")).toBeNull();
    for (const testId of ["file-change", "mcp-call", "tool-call", "web-search"]) {
      const item = within(thread).getByTestId(testId);
      expect(item, testId).toHaveAttribute("data-status", "interrupted");
      expect(item, testId).toHaveTextContent("interrupted");
    }
    expect(thread.querySelector(".spinner")).toBeNull();
    expect(within(thread).queryByRole("status")).toBeNull();
  });

  it("lists file changes with what happened to each path", async () => {
    const { thread } = await renderHandMade();
    const items = within(within(thread).getByTestId("file-change")).getAllByRole("listitem");
    expect(items.map((item) => [item.getAttribute("data-kind"), item.textContent])).toEqual([
      ["add", "+src/new.rs"],
      ["update", "~src/lib.rs"],
      ["delete", "−src/old.rs"],
    ]);
    expect(within(items[2]).getByLabelText("deleted")).toBeInTheDocument();
  });

  it("shows MCP calls with arguments and their result or error", async () => {
    const { thread } = await renderHandMade();
    const [ok, failed] = within(thread).getAllByTestId("mcp-call");
    expect(ok).toHaveTextContent("docs · search");
    expect(ok.textContent).toContain('"query": "virtual lists"');
    expect(ok.textContent).toContain('"hits": [');
    expect(failed).toHaveTextContent("db · query");
    expect(within(failed).getByTestId("tool-error")).toHaveTextContent("connection refused");
  });

  it("shows tool calls with input and output, errors marked", async () => {
    const { thread } = await renderHandMade();
    const [read, grep] = within(thread).getAllByTestId("tool-call");
    expect(read).toHaveTextContent("Read");
    expect(read).toHaveTextContent("src/lib.rs");
    expect(read).toHaveTextContent("fn lib() {}");
    expect(read).not.toHaveAttribute("data-error");
    expect(grep).toHaveAttribute("data-error", "true");
    expect(grep).toHaveTextContent("error");
    expect(grep).toHaveTextContent("No such file");
  });

  it("shows searches, read-only to-do lists, notices, failures and unknown lines", async () => {
    const { thread } = await renderHandMade();
    expect(within(thread).getByTestId("web-search")).toHaveTextContent("tanstack virtual measureElement");
    const boxes = within(within(thread).getByTestId("todo-list")).getAllByRole("checkbox");
    expect(boxes.map((box) => (box as HTMLInputElement).checked)).toEqual([true, false]);
    for (const box of boxes) expect(box).toHaveAttribute("readonly");
    await userEvent.click(boxes[1]);
    expect((boxes[1] as HTMLInputElement).checked).toBe(false);
    expect(within(thread).getByTestId("error-notice")).toHaveTextContent("Reconnecting... 1/5");
    expect(within(thread).getByTestId("turn-failed")).toHaveTextContent("stream disconnected");
    expect(within(thread).getByTestId("unknown-event").textContent).toContain('"type": "brand.new"');
  });

  it("folds long JSON payloads", async () => {
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i]));
    const { thread } = await renderThread(
      asTurn(1, "go", [{ kind: "tool_call", name: "Task", input: big, output: null, is_error: false, status: "running" }]),
      { summary: { turn: 1, status: "running" } },
    );
    const call = within(thread).getByTestId("tool-call");
    expect(call.textContent).not.toContain('"key19"');
    await userEvent.click(within(call).getByRole("button", { name: /Show all 22 lines/ }));
    expect(call.textContent).toContain('"key19": 19');
  });

  it("survives an event kind added to the backend after this view", async () => {
    const future = { kind: "hologram", beam: 3 } as unknown as AgentEvent;
    const { thread } = await renderThread(asTurn(1, "go", [future]), { summary: { turn: 1 } });
    expect(within(thread).getByTestId("unknown-event").textContent).toContain('"hologram"');
  });
});

describe("turn dividers", () => {
  it("show the turn's status, duration, tokens and cost", async () => {
    await renderThread([...asTurn(1, "one", []), ...asTurn(2, "two", [])], {
      summary: { turn: 2 },
      turns: [makeTurn({ number: 1 }), makeTurn({ number: 2, status: "failed", cost_usd: null, error: "exit 1" })],
    });
    const [first, second] = screen.getAllByTestId("turn-divider");
    expect(first).toHaveAttribute("data-turn", "1");
    expect(first).toHaveTextContent("Turn 1");
    expect(first).toHaveTextContent("completed");
    expect(within(first).getByTestId("turn-duration")).toHaveTextContent("1 min 5 s");
    expect(within(first).getByTestId("turn-tokens")).toHaveTextContent("12.3k tok");
    expect(within(first).getByTestId("turn-cost")).toHaveTextContent("$0.0123");
    expect(second).toHaveAttribute("data-turn", "2");
    expect(second).toHaveTextContent("failed");
    expect(within(second).getByTestId("turn-cost")).toHaveTextContent("unpriced");
    expect(second).toHaveTextContent("exit 1");
  });

  it("mark turns rebuilt from zwarm 3.x's files and leave out their guessed duration", async () => {
    await renderThread([...asTurn(1, "one", []), ...asTurn(2, "two", [])], {
      summary: { turn: 2 },
      turns: [makeTurn({ number: 1, adopted: true }), makeTurn({ number: 2 })],
    });
    const [first, second] = screen.getAllByTestId("turn-divider");
    expect(within(first).getByTestId("turn-adopted")).toHaveTextContent("from zwarm 3.x");
    expect(within(first).queryByTestId("turn-duration")).toBeNull();
    expect(within(first).getByTestId("turn-tokens")).toHaveTextContent("12.3k tok");
    expect(within(second).queryByTestId("turn-adopted")).toBeNull();
    expect(within(second).getByTestId("turn-duration")).toHaveTextContent("1 min 5 s");
  });

  it("name the model each turn really used, and none when it is not known", async () => {
    await renderThread([...asTurn(1, "one", []), ...asTurn(2, "two", []), ...asTurn(3, "three", [])], {
      summary: { turn: 3, model: "gpt-5.1-codex" },
      turns: [
        makeTurn({ number: 1, model: "gpt-5-codex" }),
        makeTurn({ number: 2, model: "gpt-5.1-codex" }),
        makeTurn({ number: 3, model: null }),
      ],
    });
    const [first, second, third] = screen.getAllByTestId("turn-divider");
    expect(within(first).getByTestId("turn-model")).toHaveTextContent("gpt-5-codex");
    expect(within(second).getByTestId("turn-model")).toHaveTextContent("gpt-5.1-codex");
    expect(within(third).queryByTestId("turn-model")).toBeNull();
    expect(screen.getByTestId("thread-model")).toHaveTextContent("gpt-5.1-codex");
  });

  it("show a running turn's elapsed time", async () => {
    const started = new Date(Date.now() - 42_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const local = `${started.getFullYear()}-${pad(started.getMonth() + 1)}-${pad(started.getDate())}T${pad(started.getHours())}:${pad(started.getMinutes())}:${pad(started.getSeconds())}`;
    await renderThread(asTurn(1, "one", []), {
      summary: { turn: 1, status: "running" },
      turns: [makeTurn({ number: 1, started_at: local, ended_at: null, status: "running", cost_usd: null, usage: undefined })],
    });
    const divider = screen.getByTestId("turn-divider");
    expect(divider).toHaveAttribute("data-status", "running");
    expect(within(divider).getByTestId("turn-duration").textContent).toMatch(/^4\d s$/);
    expect(within(divider).queryByTestId("turn-cost")).toBeNull();
  });
});
