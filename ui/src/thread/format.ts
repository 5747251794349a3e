// Formatting of thread values: durations, turn cost, commands and JSON payloads.
// Session-list formats (tokens, timestamps) are shared with src/sessions, dollar
// figures with shell/money.
import type { TokenUsage, TurnRecord } from "../api";
import { parseLocalTimestamp } from "../sessions/format";
import { formatCost } from "../shell/money";

/** 860 ms → "0.9 s", 42 s → "42 s", 192 s → "3 min 12 s", 3900 s → "1 h 5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * How long a turn took, or has been running until `now` when it has no end yet.
 * Empty when the record's times cannot be read (never a misleading number).
 */
export function turnDuration(record: Pick<TurnRecord, "started_at" | "ended_at">, now: number): string {
  const start = parseLocalTimestamp(record.started_at);
  const end = record.ended_at ? parseLocalTimestamp(record.ended_at) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return "";
  return formatDuration(Math.max(0, end - start));
}

export function usageTokens(usage: TokenUsage | undefined | null): number {
  return usage ? usage.input_tokens + usage.output_tokens : 0;
}

/**
 * A turn's cost: "$0.0123"; "unpriced" when it used tokens the price table does
 * not know (a missing price must never read as free); empty when nothing was spent.
 */
export function formatTurnCost(record: Pick<TurnRecord, "cost_usd" | "usage">): string {
  const cost = record.cost_usd ?? null;
  if (cost === null && usageTokens(record.usage) === 0) return "";
  return formatCost(cost);
}

const SHELL_WRAPPER = /^(?:(?:\/usr)?\/bin\/)?(?:ba|z)?sh\s+-l?c\s+(?:'((?:[^']|'\\'')*)'|"((?:[^"\\]|\\.)*)")$/s;

/**
 * The command the agent meant, without the `/bin/bash -lc '…'` wrapper Codex
 * puts around every command (the full line stays available as a tooltip).
 */
export function displayCommand(command: string): string {
  const match = SHELL_WRAPPER.exec(command.trim());
  if (!match) return command;
  if (match[1] !== undefined) return match[1].replace(/'\\''/g, "'");
  return match[2].replace(/\\(.)/g, "$1");
}

/** Lines of a text as a reader counts them: a trailing newline does not start another line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * A tool's arguments or result as text: strings as they are (tool output is
 * usually text already), everything else as indented JSON.
 */
export function prettyValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The first non-empty line, without Markdown emphasis: a summary for collapsed text. */
export function firstLine(text: string, max = 120): string {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  const plain = line.replace(/[*_`#]+/g, "").trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

/** The one input field that says what a tool call was about (Claude's Read, Grep, ...). */
export function toolHint(input: unknown): string {
  if (!input || typeof input !== "object" || Array.isArray(input)) return "";
  const record = input as Record<string, unknown>;
  for (const key of ["file_path", "path", "pattern", "command", "url", "query", "description", "prompt"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim() !== "") return firstLine(value, 100);
  }
  return "";
}
