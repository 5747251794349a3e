import { describe, expect, it } from "vitest";
import type { EventPage, SessionEvent } from "../api";
import { buildRows } from "./rows";
import { longTranscript, pagedBackend } from "./testing/fixtures";
import {
  COUNT_OFFSET,
  EARLIER_PAGE,
  TAIL_PAGE,
  earlierRequest,
  hasEarlier,
  initialTranscript,
  tailRequest,
  transcriptReducer,
  upsertEvents,
  type TranscriptState,
} from "./transcript";

const message = (turn: number, index: number, text = `m${turn}.${index}`): SessionEvent => ({
  turn,
  index,
  event: { kind: "agent_message", text },
});

const page = (offset: number, events: SessionEvent[], total: number, malformed = 0): EventPage => ({
  offset,
  total,
  events,
  malformed_lines: malformed,
});

describe("the transcript pager", () => {
  it("asks for the last page only, with room for events written meanwhile", () => {
    expect(tailRequest(1000)).toEqual({ offset: 1000 - TAIL_PAGE, limit: expect.any(Number) });
    expect(tailRequest(1000).limit).toBeGreaterThanOrEqual(TAIL_PAGE);
    expect(tailRequest(50).offset).toBe(0);
    expect(tailRequest(0).offset).toBe(0);
  });

  it("pages a long transcript backwards without fetching it whole or twice", async () => {
    const all = longTranscript(3500);
    const backend = pagedBackend(all);
    const asked: Array<[number, number]> = [];
    const fetch = async (offset: number, limit: number) => {
      asked.push([offset, limit]);
      return backend("/w", "s", offset, limit);
    };

    const { total } = await fetch(COUNT_OFFSET, 0);
    expect(total).toBe(3500);
    const tail = tailRequest(total);
    let state = transcriptReducer(initialTranscript, { type: "tail-loaded", page: await fetch(tail.offset, tail.limit) });
    expect(state.start).toBe(3500 - TAIL_PAGE);
    expect(state.events).toEqual(all.slice(3500 - TAIL_PAGE));
    expect(hasEarlier(state)).toBe(true);

    for (let request = earlierRequest(state); request; request = earlierRequest(state)) {
      state = transcriptReducer(state, { type: "earlier-started" });
      state = transcriptReducer(state, { type: "earlier-loaded", page: await fetch(request.offset, request.limit) });
    }

    expect(state.start).toBe(0);
    expect(state.events).toEqual(all);
    expect(hasEarlier(state)).toBe(false);
    expect(asked.slice(0, 2)).toEqual([
      [COUNT_OFFSET, 0],
      [3500 - TAIL_PAGE, tail.limit],
    ]);
    // Each earlier page ends where the window started: no event is fetched twice.
    let end = 3500 - TAIL_PAGE;
    for (const [offset, limit] of asked.slice(2)) {
      expect(offset + limit).toBe(end);
      expect(limit).toBeLessThanOrEqual(EARLIER_PAGE);
      end = offset;
    }
    expect(end).toBe(0);
  });

  it("has nothing earlier to ask for before the first page or at the beginning", () => {
    expect(earlierRequest(initialTranscript)).toBeNull();
    const state = transcriptReducer(initialTranscript, { type: "tail-loaded", page: page(0, [message(1, 0)], 1) });
    expect(earlierRequest(state)).toBeNull();
  });

  it("keeps what a page says about unreadable lines", () => {
    const state = transcriptReducer(initialTranscript, { type: "tail-loaded", page: page(0, [message(1, 0)], 1, 3) });
    expect(state.malformed).toBe(3);
  });

  it("reports a failed load, and a failed earlier page without losing the window", () => {
    const failed = transcriptReducer(initialTranscript, { type: "tail-failed", error: "no such session" });
    expect(failed).toMatchObject({ phase: "error", error: "no such session" });

    const loaded = transcriptReducer(initialTranscript, { type: "tail-loaded", page: page(5, [message(1, 5)], 6) });
    const earlierFailed = transcriptReducer(loaded, { type: "earlier-failed", error: "io" });
    expect(earlierFailed).toMatchObject({ earlier: "error", earlierError: "io", start: 5, events: loaded.events });
  });
});

describe("live updates", () => {
  const ready = (start: number, events: SessionEvent[]): TranscriptState =>
    transcriptReducer(initialTranscript, { type: "tail-loaded", page: page(start, events, start + events.length) });

  it("replaces an event with the same turn and index (a running command finishing)", () => {
    const running: SessionEvent = {
      turn: 1,
      index: 1,
      event: { kind: "command", command: "make", output: "", exit_code: null, status: "running" },
    };
    const done: SessionEvent = {
      turn: 1,
      index: 1,
      event: { kind: "command", command: "make", output: "ok\n", exit_code: 2, status: "failed" },
    };
    const state = transcriptReducer(ready(0, [message(1, 0), running]), { type: "live", events: [done] });
    expect(state.events).toEqual([message(1, 0), done]);
  });

  it("appends new events and inserts late ones in order", () => {
    const state = transcriptReducer(ready(0, [message(1, 0), message(1, 2)]), {
      type: "live",
      events: [message(2, 0), message(1, 1), message(1, 3)],
    });
    expect(state.events.map((e) => [e.turn, e.index])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 0],
    ]);
  });

  it("leaves events before a window that does not start at the beginning to the earlier page", () => {
    const events = [message(3, 10), message(3, 11)];
    expect(upsertEvents(events, 500, [message(3, 2)])).toEqual(events);
    expect(upsertEvents(events, 0, [message(3, 2)])).toHaveLength(3);
  });

  it("holds live events that arrive before the first page and applies them over it", () => {
    let state = transcriptReducer(initialTranscript, { type: "live", events: [message(1, 1, "newer"), message(1, 2)] });
    expect(state.events).toEqual([]);
    state = transcriptReducer(state, { type: "tail-loaded", page: page(0, [message(1, 0), message(1, 1, "older")], 2) });
    expect(state.events.map((e) => (e.event as { text: string }).text)).toEqual(["m1.0", "newer", "m1.2"]);
    expect(state.pendingLive).toEqual([]);
  });

  it("does not duplicate events an earlier page brings again", () => {
    const state = ready(2, [message(1, 2), message(1, 3)]);
    const merged = transcriptReducer(state, {
      type: "earlier-loaded",
      page: page(0, [message(1, 0), message(1, 1), message(1, 2)], 4),
    });
    expect(merged.events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(merged.start).toBe(0);
  });
});

describe("rows", () => {
  it("puts a divider before each turn and leaves out the turn's start and end markers", () => {
    const rows = buildRows([
      { turn: 1, index: 0, event: { kind: "user_message", text: "go" } },
      { turn: 1, index: 1, event: { kind: "turn_started" } },
      message(1, 2),
      {
        turn: 1,
        index: 3,
        event: {
          kind: "turn_completed",
          usage: {
            input_tokens: 1,
            cached_input_tokens: 0,
            cache_write_input_tokens: 0,
            output_tokens: 1,
            reasoning_output_tokens: 0,
          },
          reported_cost_usd: null,
        },
      },
      message(2, 0),
    ]);
    expect(rows.map((row) => row.key)).toEqual(["d:1", "e:1:0", "e:1:2", "d:2", "e:2:0"]);
  });

  it("gives the first partly loaded turn its divider too", () => {
    expect(buildRows([message(4, 17), message(4, 18)]).map((row) => row.key)).toEqual(["d:4", "e:4:17", "e:4:18"]);
  });
});
