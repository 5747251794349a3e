import type { SessionSummary } from "../api";

/**
 * A score for `query` against `text`, or null when it does not match. A plain
 * substring scores best (earlier is better); otherwise the query's characters
 * must appear in order, and tighter runs score better.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const needle = query.toLowerCase();
  const haystack = text.toLowerCase();
  if (!needle) return 0;
  const at = haystack.indexOf(needle);
  if (at !== -1) return 1000 - at;
  let position = -1;
  let gaps = 0;
  for (const char of needle) {
    const next = haystack.indexOf(char, position + 1);
    if (next === -1) return null;
    if (position !== -1) gaps += next - position - 1;
    position = next;
  }
  return 500 - gaps;
}

/** Sessions matching the query by title or id, best first. */
export function searchSessions(sessions: SessionSummary[], query: string): SessionSummary[] {
  const trimmed = query.trim();
  if (!trimmed) return sessions;
  const scored: { session: SessionSummary; score: number }[] = [];
  for (const session of sessions) {
    const byTitle = fuzzyScore(trimmed, session.title);
    const byId = fuzzyScore(trimmed, session.id);
    const score = Math.max(byTitle ?? -Infinity, byId ?? -Infinity);
    if (score !== -Infinity) scored.push({ session, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.session);
}
