// The rows of the virtual list: the loaded events with a divider before each
// turn's first loaded event. Keys are stable across pages and live updates
// (a row's measured height is cached by key, and prepends are anchored by it).
import type { AgentEvent, SessionEvent } from "../api";

export type Row =
  | { kind: "divider"; key: string; turn: number }
  | { kind: "event"; key: string; event: SessionEvent };

/**
 * Kinds with nothing to show on their own: a turn's start and completion are
 * what the divider already says (its status, duration, tokens and cost).
 */
const SILENT: ReadonlySet<AgentEvent["kind"]> = new Set(["turn_started", "turn_completed"]);

export function eventKey(event: Pick<SessionEvent, "turn" | "index">): string {
  return `e:${event.turn}:${event.index}`;
}

export function buildRows(events: SessionEvent[]): Row[] {
  const rows: Row[] = [];
  let turn: number | null = null;
  for (const event of events) {
    if (event.turn !== turn) {
      turn = event.turn;
      rows.push({ kind: "divider", key: `d:${turn}`, turn });
    }
    if (!SILENT.has(event.event.kind)) rows.push({ kind: "event", key: eventKey(event), event });
  }
  return rows;
}

/** A first guess at a row's height before it is measured; close guesses keep scrolling steady. */
export function estimateRowSize(row: Row | undefined): number {
  if (!row) return 48;
  if (row.kind === "divider") return 44;
  const event = row.event.event;
  switch (event.kind) {
    case "agent_message":
    case "user_message":
      return 28 + Math.min(12, Math.ceil(event.text.length / 90)) * 21;
    case "command":
      return 96;
    case "reasoning":
    case "web_search":
    case "error":
    case "turn_failed":
      return 40;
    default:
      return 72;
  }
}
