// For tests: the thread view over a mocked backend (`vi.mock("../api", ...)`
// must be in the test file), showing `events` as the session's transcript.
import { render, screen, within } from "@testing-library/react";
import { vi } from "vitest";
import * as api from "../../api";
import type { SessionEvent, SessionSummary, TurnRecord } from "../../api";
import { WORKSPACE } from "../../shell/fixtures";
import { SessionThread } from "../SessionThread";
import { makeDetail, pagedBackend } from "./fixtures";

type Options = { summary?: Partial<SessionSummary>; turns?: TurnRecord[]; malformed?: number };

export async function renderThread(events: SessionEvent[], options: Options = {}) {
  const detail = makeDetail({ id: "s1", ...options.summary }, options.turns);
  vi.mocked(api.getSession).mockResolvedValue(detail);
  vi.mocked(api.sessionEvents).mockImplementation(pagedBackend(events, options.malformed));
  const result = render(<SessionThread workspace={WORKSPACE} sessionId={detail.summary.id} />);
  if (events.length > 0) await screen.findAllByTestId("thread-event");
  else await screen.findByTestId("thread");
  return { ...result, detail, thread: screen.getByTestId("thread") };
}

/** The rows drawn, by their outer `thread-event` element. */
export function rowsOf(thread: HTMLElement): HTMLElement[] {
  return within(thread).queryAllByTestId("thread-event");
}

/** Whitespace and Markdown punctuation left out: compares what a reader sees with the source text. */
export function plain(text: string): string {
  return text.replace(/[*_`#>~|]/g, "").replace(/\s+/g, " ").trim();
}
