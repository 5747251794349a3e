// The loaded part of a session's transcript as a pure reducer, so paging and
// live updates can be tested without React or a backend.
//
// The view holds one contiguous window of the transcript, [start, start +
// events.length), that always reaches the end: it opens on the last page and
// grows backwards page by page as the reader scrolls up, and forwards as live
// events arrive. Events are sorted by (turn, index), which is also their order
// in the transcript, so an upsert is a binary search.
import type { EventPage, SessionEvent } from "../api";

/** Events of the first page: enough to fill a tall window, small enough to open at once. */
export const TAIL_PAGE = 200;
/**
 * Events per earlier page when scrolling up. A page is a slice of the
 * backend's paging index, but each one landing lays out every loaded row
 * again, so fewer, larger pages cost less than many small ones; only the rows
 * on screen are drawn either way.
 */
export const EARLIER_PAGE = 1000;
/**
 * Extra room asked for beyond the end on the first page: events written
 * between the count and the page read come with the page instead of only live.
 */
export const TAIL_SLACK = 100;
/**
 * An offset past any transcript's end: the backend then returns no events,
 * only `total` (from cached counts), which is how the view learns where the
 * last page starts without reading the whole transcript.
 */
export const COUNT_OFFSET = 0xffffffff;

export type LoadState = "loading" | "ready" | "error";

export type TranscriptState = {
  phase: LoadState;
  error: string | null;
  /** Absolute position of `events[0]` in the transcript. */
  start: number;
  events: SessionEvent[];
  /** Lines of the turn files that could not be read, as the last page reported. */
  malformed: number;
  earlier: "idle" | "loading" | "error";
  earlierError: string | null;
  /** Live events that arrived before the first page; applied over it. */
  pendingLive: SessionEvent[];
};

export type TranscriptAction =
  | { type: "reset" }
  | { type: "tail-loaded"; page: EventPage }
  | { type: "tail-failed"; error: string }
  | { type: "earlier-started" }
  | { type: "earlier-loaded"; page: EventPage }
  | { type: "earlier-failed"; error: string }
  | { type: "live"; events: SessionEvent[] };

export const initialTranscript: TranscriptState = {
  phase: "loading",
  error: null,
  start: 0,
  events: [],
  malformed: 0,
  earlier: "idle",
  earlierError: null,
  pendingLive: [],
};

/** The first page to ask for, given the transcript's total: the last page only. */
export function tailRequest(total: number): { offset: number; limit: number } {
  const offset = Math.max(0, total - TAIL_PAGE);
  return { offset, limit: total - offset + TAIL_SLACK };
}

/** The page just before the loaded window, or null when the window starts at the beginning. */
export function earlierRequest(state: TranscriptState): { offset: number; limit: number } | null {
  if (state.phase !== "ready" || state.start === 0) return null;
  const offset = Math.max(0, state.start - EARLIER_PAGE);
  return { offset, limit: state.start - offset };
}

export function hasEarlier(state: TranscriptState): boolean {
  return state.phase === "ready" && state.start > 0;
}

/** Orders by turn, then by index within the turn. */
export function compareEvents(a: Pick<SessionEvent, "turn" | "index">, b: Pick<SessionEvent, "turn" | "index">): number {
  return a.turn - b.turn || a.index - b.index;
}

/** Where `event` is, or should go, in sorted `events`: [position, found]. */
function locate(events: SessionEvent[], event: SessionEvent): [number, boolean] {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const order = compareEvents(events[middle], event);
    if (order === 0) return [middle, true];
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return [low, false];
}

/**
 * Applies live events: the same (turn, index) replaces (a running command
 * finishing), a new one is inserted in order. Events that sort before a
 * window which does not start at the beginning belong to the unloaded part:
 * they are left for the earlier page, which will bring them fresh.
 */
export function upsertEvents(events: SessionEvent[], start: number, incoming: SessionEvent[]): SessionEvent[] {
  if (incoming.length === 0) return events;
  const next = [...events];
  for (const event of incoming) {
    const [position, found] = locate(next, event);
    if (found) next[position] = event;
    else if (position > 0 || start === 0 || next.length === 0) next.splice(position, 0, event);
  }
  return next;
}

export function transcriptReducer(state: TranscriptState, action: TranscriptAction): TranscriptState {
  switch (action.type) {
    case "reset":
      return initialTranscript;
    case "tail-loaded": {
      const { page } = action;
      const events = upsertEvents([...page.events].sort(compareEvents), page.offset, state.pendingLive);
      return {
        ...state,
        phase: "ready",
        error: null,
        start: page.offset,
        events,
        malformed: page.malformed_lines,
        pendingLive: [],
      };
    }
    case "tail-failed":
      return { ...state, phase: "error", error: action.error };
    case "earlier-started":
      return { ...state, earlier: "loading", earlierError: null };
    case "earlier-loaded": {
      const { page } = action;
      const first = state.events[0];
      const before = page.events.filter((e) => !first || compareEvents(e, first) < 0).sort(compareEvents);
      return {
        ...state,
        start: Math.min(page.offset, state.start),
        events: before.length > 0 ? [...before, ...state.events] : state.events,
        malformed: page.malformed_lines,
        earlier: "idle",
      };
    }
    case "earlier-failed":
      return { ...state, earlier: "error", earlierError: action.error };
    case "live":
      if (state.phase !== "ready") return { ...state, pendingLive: [...state.pendingLive, ...action.events] };
      return { ...state, events: upsertEvents(state.events, state.start, action.events) };
  }
}
