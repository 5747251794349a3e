// Formatting of session list values: tokens, relative times and who started a
// session. Dollar figures are written by shell/money.
import type { SessionSummary } from "../api";

const NAIVE_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/**
 * Milliseconds since the epoch of a backend timestamp. The backend writes naive
 * local times ("2026-11-25T07:03:12.123456"), read here as local wall-clock time
 * without relying on the engine's parsing of microseconds. NaN when unreadable.
 */
export function parseLocalTimestamp(text: string): number {
  const match = NAIVE_ISO.exec(text);
  if (!match) return Date.parse(text);
  const [, year, month, day, hour, minute, second, fraction] = match;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  return new Date(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    millis,
  ).getTime();
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatRelativeTime(timestamp: string, now: number): string {
  const then = parseLocalTimestamp(timestamp);
  if (Number.isNaN(then)) return timestamp;
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When the soonest of the labels `formatRelativeTime` gives `timestamps` at
 * `now` changes: every 5 s while one counts seconds, else at the next whole
 * minute, hour or day of its age; `null` for no timestamp. A list of
 * sessions that finished hours ago then wakes once an hour, not every 5 s.
 */
export function nextRelativeChange(timestamps: readonly string[], now: number): number | null {
  let soonest: number | null = null;
  for (const timestamp of timestamps) {
    const then = parseLocalTimestamp(timestamp);
    if (Number.isNaN(then)) continue;
    const age = Math.max(0, now - then);
    const unit = age < MINUTE ? 0 : age < HOUR ? MINUTE : age < DAY ? HOUR : DAY;
    const at = unit === 0 ? now + 5 * SECOND : then + (Math.floor(age / unit) + 1) * unit;
    soonest = soonest === null ? at : Math.min(soonest, at);
  }
  return soonest;
}

/** 950 → "950", 12345 → "12.3k", 2500000 → "2.5M". */
export function formatTokens(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${trimZero((count / 1000).toFixed(1))}k`;
  return `${trimZero((count / 1_000_000).toFixed(1))}M`;
}

function trimZero(text: string): string {
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}

/**
 * The model a session's last turn really used (the backend resolves it from
 * the CLI's own word or its config); "default model" only when that is unknown.
 */
export function formatModel(model: string | null | undefined): string {
  return model?.trim() ? model : "default model";
}

export function totalTokens(session: SessionSummary): number {
  return session.usage.input_tokens + session.usage.output_tokens;
}

/** "user" → "you", "pilot:x" → "pilot", "orchestrator:x" → "orchestrator". */
export function formatSource(source: string): string {
  if (source === "user") return "you";
  const kind = source.split(":")[0];
  return kind === "pilot" || kind === "orchestrator" ? kind : source;
}
