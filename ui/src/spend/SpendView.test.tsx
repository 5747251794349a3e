import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { SpendView } from "./SpendView";
import { group, sampleReport } from "./testing/fixtures";
import { stubResizeObserver } from "./testing/resizeObserver";
import { REFRESH_MS, SETTLE_MS } from "./useSpendReport";
import { emitForTest } from "../live/bus";
import { makeSession } from "../shell/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKSPACE = "/home/dev/proj";

function renderView() {
  const onOpenSession = vi.fn();
  const onOpenPilot = vi.fn();
  const user = userEvent.setup();
  render(<SpendView workspace={WORKSPACE} onOpenSession={onOpenSession} onOpenPilot={onOpenPilot} />);
  return { user, onOpenSession, onOpenPilot };
}

function rowOf(table: HTMLElement, key: string): HTMLElement {
  const row = within(table)
    .getAllByTestId("spend-group-row")
    .find((r) => r.dataset.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return row;
}

describe("SpendView", () => {
  beforeAll(() => stubResizeObserver());
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.getSpendReport).mockResolvedValue(sampleReport());
  });
  afterEach(() => vi.useRealTimers());

  it("shows the totals with their tokens, turns and unpriced tokens", async () => {
    renderView();
    const today = await screen.findByTestId("spend-today");
    expect(api.getSpendReport).toHaveBeenCalledWith(WORKSPACE);
    expect(within(today).getByTestId("spend-cost")).toHaveTextContent("$0.0123");
    expect(today).toHaveTextContent("1.5k tokens");
    expect(today).toHaveTextContent("3 turns");
    expect(within(today).queryByTestId("spend-unpriced")).not.toBeInTheDocument();

    const week = screen.getByTestId("spend-week");
    expect(within(week).getByTestId("spend-cost")).toHaveTextContent("$1.50+");
    // The unpriced tokens are part of the 10.5k, said as such (not "+ 4.5k", which reads as extra).
    expect(week).toHaveTextContent("10.5k tokens, of which 4.5k tokens unpriced · 8 turns");
    expect(within(week).getByTestId("spend-unpriced")).toHaveTextContent(/^of which 4.5k tokens unpriced$/);

    const all = screen.getByTestId("spend-all");
    expect(within(all).getByTestId("spend-cost")).toHaveTextContent("$12.34+");
    expect(all).toHaveTextContent("262k tokens");
    expect(all).toHaveTextContent("20 turns");
    expect(within(all).getByTestId("spend-unpriced")).toHaveTextContent(/^of which 4.5k tokens unpriced$/);
    expect(screen.queryByText(/\+ 4.5k/)).toBeNull();

    expect(within(screen.getByTestId("spend-pilot")).getByTestId("spend-cost")).toHaveTextContent("$0.7500");
    expect(within(screen.getByTestId("spend-executor")).getByTestId("spend-cost")).toHaveTextContent("$11.59+");
  });

  it("never shows an unpriced model as $0", async () => {
    renderView();
    const chart = await screen.findByTestId("spend-chart-model");
    await waitFor(() => expect(chart.querySelector(".recharts-bar-rectangle")).not.toBeNull());
    const mystery = rowOf(chart, "mystery-model");
    expect(mystery).toHaveTextContent("unpriced");
    expect(mystery).toHaveTextContent("4.5k");
    expect(mystery).not.toHaveTextContent("$0");
    expect(rowOf(chart, "gpt-5")).toHaveTextContent("$9.84");
    const days = screen.getByTestId("spend-chart-day");
    expect(rowOf(days, "2026-01-05")).toHaveTextContent("$10.84");
    expect(rowOf(days, "2026-01-06")).toHaveTextContent("$1.50+");
    const adapters = screen.getByTestId("spend-by-adapter");
    expect(within(rowOf(adapters, "codex")).getByRole("rowheader")).toHaveTextContent(/^Codex$/);
    expect(rowOf(adapters, "codex")).toHaveTextContent("$9.09");
    expect(within(rowOf(adapters, "claude")).getByRole("rowheader")).toHaveTextContent(/^Claude Code$/);
    expect(within(rowOf(adapters, "open_ai_responses")).getByRole("rowheader")).toHaveTextContent(/^OpenAI Responses$/);
  });

  it("puts the CLI's reported cost beside our estimate when they differ", async () => {
    renderView();
    const note = await screen.findByTestId("spend-reported-vs-estimate");
    expect(note).toHaveTextContent("reported by the CLI $2.50 · our estimate $2.10");
    expect(within(screen.getByTestId("spend-all")).getByTestId("spend-reported-note")).toBeInTheDocument();
    expect(within(screen.getByTestId("spend-today")).queryByTestId("spend-reported-note")).not.toBeInTheDocument();
  });

  it("says when there is no price for what the CLI reported", async () => {
    const report = sampleReport();
    report.all_time = { ...report.all_time, estimate_of_reported_usd: null };
    vi.mocked(api.getSpendReport).mockResolvedValue(report);
    renderView();
    expect(await screen.findByTestId("spend-reported-vs-estimate")).toHaveTextContent("our estimate no price in our table");
  });

  it("shows each budget's level, and that agent turns are refused once one is spent", async () => {
    renderView();
    await screen.findByTestId("spend-budgets");
    const [workspace, refactor, other] = screen.getAllByTestId("budget-status");
    expect(workspace).toHaveAttribute("data-level", "ok");
    expect(workspace).toHaveTextContent("$12.34 of $50.00 (25 %)");
    expect(within(workspace).queryByTestId("budget-message")).not.toBeInTheDocument();
    expect(refactor).toHaveAttribute("data-level", "warning");
    expect(refactor).toHaveTextContent("$5.00 of $6.00 (83 %)");
    expect(within(refactor).getByTestId("budget-message")).toHaveTextContent("Over 80 %");
    expect(other).toHaveAttribute("data-level", "exceeded");
    expect(within(other).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    expect(within(other).getByRole("alert")).toHaveTextContent(
      "the pilot and orchestrator will refuse to start new agent turns",
    );
  });

  it("lists what could not be read beside the figures", async () => {
    const problem = "unreadable pilot /ws/.zwarm/pilots/p1: invalid JSON; its steps' spend still counts from .zwarm/spend.jsonl; repair or delete it";
    vi.mocked(api.getSpendReport).mockResolvedValue({ ...sampleReport(), problems: [problem] });
    renderView();
    expect(await screen.findByTestId("spend-problems")).toHaveTextContent(problem);
    expect(screen.getByTestId("spend-all")).toBeInTheDocument();
  });

  it("shows no problems when everything was read", async () => {
    renderView();
    await screen.findByTestId("spend-all");
    expect(screen.queryByTestId("spend-problems")).not.toBeInTheDocument();
  });

  it("opens a top session, pilot or run when its row is clicked", async () => {
    const { user, onOpenSession, onOpenPilot } = renderView();
    const sessions = await screen.findByTestId("spend-top-sessions");
    const rows = within(sessions).getAllByTestId("spend-session-row");
    expect(rows.map((r) => r.dataset.sessionId)).toEqual(["s-login", "s-docs"]);
    expect(rows[0]).toHaveTextContent("Fix the login bug");
    expect(rows[0]).toHaveTextContent("$8.00");
    await user.click(rows[1]);
    expect(onOpenSession).toHaveBeenCalledWith("s-docs");

    const [pilot, run] = within(screen.getByTestId("spend-top-pilots")).getAllByTestId("spend-pilot-row");
    expect(pilot).toHaveTextContent("Refactor pilot");
    await user.click(pilot);
    expect(onOpenPilot).toHaveBeenCalledWith("p-refactor", false);
    expect(run).toHaveTextContent("Run: tidy the repo");
    await user.click(run);
    expect(onOpenPilot).toHaveBeenCalledWith("r-tidy", true);
  });

  it("keeps a deleted session's spend, titled and marked deleted, opening nothing", async () => {
    const report = sampleReport();
    report.top_sessions = [...report.top_sessions, group("s-gone", { turns: 1, cost_usd: 1 })];
    report.session_titles = [...report.session_titles, ["s-gone", "Try the old parser"]];
    report.deleted_sessions = ["s-gone"];
    vi.mocked(api.getSpendReport).mockResolvedValue(report);
    const { user, onOpenSession } = renderView();
    const sessions = await screen.findByTestId("spend-top-sessions");
    const rows = within(sessions).getAllByTestId("spend-session-row");
    const gone = rows.find((r) => r.dataset.sessionId === "s-gone");
    if (!gone) throw new Error("no row for the deleted session");
    expect(gone).toHaveTextContent("Try the old parser");
    expect(gone).toHaveTextContent("$1.00");
    expect(within(gone).getByTestId("spend-deleted")).toHaveTextContent("deleted");
    expect(gone).toHaveAttribute("title", expect.stringContaining("stays counted"));
    await user.click(gone);
    expect(onOpenSession).not.toHaveBeenCalled();
    for (const id of ["s-login", "s-docs"]) {
      const row = rows.find((r) => r.dataset.sessionId === id);
      expect(row && within(row).queryByTestId("spend-deleted")).toBeNull();
    }
  });

  it("exports CSV and shows where it was written, or nothing when cancelled", async () => {
    vi.mocked(api.exportSpendCsv).mockResolvedValueOnce("/home/dev/zwarm-spend.csv").mockResolvedValueOnce(null);
    const { user } = renderView();
    await user.click(await screen.findByTestId("spend-export-csv"));
    expect(api.exportSpendCsv).toHaveBeenCalledWith(WORKSPACE);
    expect(await screen.findByTestId("spend-export-result")).toHaveTextContent("Written to /home/dev/zwarm-spend.csv");
    await user.click(screen.getByTestId("spend-export-csv"));
    await waitFor(() => expect(api.exportSpendCsv).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByTestId("spend-export-result")).not.toBeInTheDocument());
  });

  it("refreshes on demand, when a turn ends and while one runs, never while idle, keeping figures when a refresh fails", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = renderView();
    await screen.findByTestId("spend-today");
    expect(api.getSpendReport).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId("spend-refresh"));
    await waitFor(() => expect(api.getSpendReport).toHaveBeenCalledTimes(2));

    // Idle: nothing polls.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6 * REFRESH_MS);
    });
    expect(api.getSpendReport).toHaveBeenCalledTimes(2);

    // A running session is polled; its end refreshes at once.
    act(() => emitForTest(WORKSPACE, { kind: "session", session: makeSession({ id: "s1", status: "running" }) }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(REFRESH_MS);
    });
    expect(api.getSpendReport).toHaveBeenCalledTimes(3);
    vi.mocked(api.getSpendReport).mockRejectedValueOnce(new api.BackendError("meta.json unreadable"));
    act(() => emitForTest(WORKSPACE, { kind: "session", session: makeSession({ id: "s1", status: "completed" }) }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(SETTLE_MS);
    });
    expect(api.getSpendReport).toHaveBeenCalledTimes(4);
    expect(await screen.findByTestId("spend-error")).toHaveTextContent("meta.json unreadable");
    expect(within(screen.getByTestId("spend-today")).getByTestId("spend-cost")).toHaveTextContent("$0.0123");
  });
});
