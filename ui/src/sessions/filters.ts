import type { SessionStatus, SessionSummary } from "../api";

export type SessionFilter = { status: SessionStatus | "all"; adapter: string };

export const ALL_STATUSES: SessionStatus[] = ["pending", "running", "completed", "failed", "killed"];
export const COUNTED_STATUSES: SessionStatus[] = ["running", "completed", "failed", "killed"];

export function applyFilter(sessions: SessionSummary[], filter: SessionFilter): SessionSummary[] {
  return sessions.filter(
    (s) => (filter.status === "all" || s.status === filter.status) && (filter.adapter === "all" || s.adapter === filter.adapter),
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
