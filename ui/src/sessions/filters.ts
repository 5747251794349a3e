import type { SessionStatus, SessionSummary } from "../api";

/** Who started a session: the user, a pilot or an orchestrator run. */
export type Origin = "user" | "pilot" | "run";

export type SessionFilter = { status: SessionStatus | "all"; adapter: string; origin: Origin | "all" };

/** Who started a session, from its `source` (`user`, `pilot:<id>`, `orchestrator:<id>`). */
export function originOf(source: string): Origin {
  if (source.startsWith("pilot:")) return "pilot";
  if (source.startsWith("orchestrator:")) return "run";
  return "user";
}

/** The run that started a session, if one did. */
export function runOf(source: string): string | null {
  return source.startsWith("orchestrator:") ? source.slice("orchestrator:".length) : null;
}

export const ALL_STATUSES: SessionStatus[] = ["pending", "running", "completed", "failed", "killed"];
export const COUNTED_STATUSES: SessionStatus[] = ["running", "completed", "failed", "killed"];

/** The sessions the filters let through; `matches`, when given, are the ids a search found. */
export function applyFilter(sessions: SessionSummary[], filter: SessionFilter, matches: Set<string> | null = null): SessionSummary[] {
  return sessions.filter(
    (s) =>
      (filter.status === "all" || s.status === filter.status) &&
      (filter.adapter === "all" || s.adapter === filter.adapter) &&
      (filter.origin === "all" || originOf(s.source) === filter.origin) &&
      (matches === null || matches.has(s.id)),
  );
}

export function countByStatus(sessions: SessionSummary[]): Record<SessionStatus, number> {
  const counts: Record<SessionStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0, killed: 0 };
  for (const session of sessions) counts[session.status] += 1;
  return counts;
}

/** The adapters to offer in the filter: the known two plus any a session uses. */
export function adaptersOf(sessions: SessionSummary[]): string[] {
  return [...new Set(["codex", "claude", ...sessions.map((s) => s.adapter)])];
}
