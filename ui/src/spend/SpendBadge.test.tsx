import { act, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { startTurn } from "../pilot/turns";
import { SpendBadge } from "./SpendBadge";
import { budgetStatus, emptyReport, makeTotals, sampleReport } from "./testing/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

describe("SpendBadge", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows today's and all-time spend", async () => {
    vi.mocked(api.getSpendReport).mockResolvedValue({ ...sampleReport(), budgets: [] });
    render(<SpendBadge workspace="/w" />);
    const badge = await screen.findByText("today $0.0123 · all $12.34+");
    expect(badge).toHaveAttribute("data-level", "ok");
    expect(api.getSpendReport).toHaveBeenCalledWith("/w");
    // The unpriced tokens are part of the all-time total, never said as extra ones.
    expect(badge.title).toContain("all time 262k tokens, of which 4.5k tokens unpriced");
    expect(badge.title).not.toContain("+ 4.5k");
  });

  it("says unpriced rather than $0 when nothing could be priced", async () => {
    const unpriced = makeTotals({ turns: 2, unpriced_turns: 2, unpriced_tokens: 900 });
    vi.mocked(api.getSpendReport).mockResolvedValue({ ...emptyReport(), today: unpriced, all_time: unpriced });
    render(<SpendBadge workspace="/w" />);
    expect(await screen.findByText("today unpriced · all unpriced")).toBeInTheDocument();
  });

  it("turns to warning at 80 % of a budget", async () => {
    vi.mocked(api.getSpendReport).mockResolvedValue({
      ...emptyReport(),
      budgets: [budgetStatus("workspace", 10, 1), budgetStatus("pilot A", 10, 8)],
    });
    render(<SpendBadge workspace="/w" />);
    await screen.findByText(/^today/);
    expect(screen.getByTestId("spend-badge")).toHaveAttribute("data-level", "warning");
    expect(screen.getByTestId("spend-badge")).toHaveClass("spend-badge-warning");
  });

  it("turns to exceeded when any budget is spent", async () => {
    vi.mocked(api.getSpendReport).mockResolvedValue({
      ...emptyReport(),
      budgets: [budgetStatus("pilot A", 10, 8), budgetStatus("workspace", 10, 10)],
    });
    render(<SpendBadge workspace="/w" />);
    await screen.findByText(/^today/);
    const badge = screen.getByTestId("spend-badge");
    expect(badge).toHaveAttribute("data-level", "exceeded");
    expect(badge).toHaveClass("spend-badge-exceeded");
    expect(badge.title).toContain("new agent turns are refused");
  });

  it("updates as soon as a pilot turn of this workspace ends, without waiting for a poll", async () => {
    vi.mocked(api.getSpendReport).mockResolvedValue({ ...sampleReport(), budgets: [] });
    render(<SpendBadge workspace="/w" />);
    await screen.findByText("today $0.0123 · all $12.34+");
    expect(api.getSpendReport).toHaveBeenCalledTimes(1);
    const later = sampleReport();
    later.today = makeTotals({ cost_usd: 0.5 });
    vi.mocked(api.getSpendReport).mockResolvedValue({ ...later, budgets: [] });
    vi.mocked(api.sendPilot).mockResolvedValue(null as never);
    await act(() => startTurn("/w", "p1", "hello", null));
    await waitFor(() => expect(api.getSpendReport).toHaveBeenCalledTimes(2));
    expect(await screen.findByText(/^today \$0\.5000/)).toBeInTheDocument();
  });
});
