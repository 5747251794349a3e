import { describe, expect, it } from "vitest";
import {
  displayCommand,
  firstLine,
  formatDuration,
  formatTurnCost,
  prettyValue,
  splitLines,
  toolHint,
  turnDuration,
} from "./format";

const usage = (input: number, output: number) => ({
  input_tokens: input,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: output,
  reasoning_output_tokens: 0,
});

describe("thread formatting", () => {
  it("formats durations for a glance", () => {
    expect(formatDuration(860)).toBe("0.9 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(192_000)).toBe("3 min 12 s");
    expect(formatDuration(3_900_000)).toBe("1 h 5 min");
    expect(formatDuration(-1)).toBe("");
  });

  it("measures a turn from its records, or until now while it runs", () => {
    const record = { started_at: "2026-01-01T10:00:00.000000", ended_at: "2026-01-01T10:01:05.500000" };
    expect(turnDuration(record, 0)).toBe("1 min 5 s");
    const now = new Date(2026, 0, 1, 10, 0, 30).getTime();
    expect(turnDuration({ started_at: record.started_at, ended_at: null }, now)).toBe("30 s");
    expect(turnDuration({ started_at: "garbage" }, now)).toBe("");
  });

  it("never shows a turn with unpriced tokens as free", () => {
    expect(formatTurnCost({ cost_usd: 0.0123, usage: usage(10, 1) })).toBe("$0.0123");
    expect(formatTurnCost({ cost_usd: 2.5, usage: usage(10, 1) })).toBe("$2.50");
    expect(formatTurnCost({ cost_usd: null, usage: usage(10, 1) })).toBe("unpriced");
    expect(formatTurnCost({ cost_usd: null, usage: usage(0, 0) })).toBe("");
    expect(formatTurnCost({ cost_usd: 0, usage: usage(0, 0) })).toBe("$0.0000");
  });

  it("unwraps the shell Codex runs every command in", () => {
    expect(displayCommand("/bin/bash -lc 'ls /nonexistent-dir'")).toBe("ls /nonexistent-dir");
    expect(displayCommand("/bin/bash -lc 'echo '\\''quoted'\\'' > out.txt'")).toBe("echo 'quoted' > out.txt");
    expect(displayCommand('/bin/zsh -c "echo \\"hi\\""')).toBe('echo "hi"');
    expect(displayCommand("cargo test")).toBe("cargo test");
    expect(displayCommand("bash -lc 'npm test'")).toBe("npm test");
    expect(displayCommand("/bin/bash -lc 'a' && rm x")).toBe("/bin/bash -lc 'a' && rm x");
  });

  it("counts lines as a reader does", () => {
    expect(splitLines("")).toEqual([]);
    expect(splitLines("a\nb\n")).toEqual(["a", "b"]);
    expect(splitLines("a\n\nb")).toEqual(["a", "", "b"]);
  });

  it("shows tool payloads as text or indented JSON", () => {
    expect(prettyValue("plain output")).toBe("plain output");
    expect(prettyValue({ a: [1, 2] })).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyValue(null)).toBe("null");
  });

  it("summarizes text and tool inputs in one line", () => {
    expect(firstLine("\n**Planning the task**\n\nmore")).toBe("Planning the task");
    expect(firstLine("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
    expect(toolHint({ file_path: "src/lib.rs", limit: 20 })).toBe("src/lib.rs");
    expect(toolHint({ other: 1 })).toBe("");
    expect(toolHint("text")).toBe("");
  });
});
