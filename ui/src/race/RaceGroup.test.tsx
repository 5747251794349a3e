import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { SessionSidebar } from "../sessions/SessionSidebar";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const seenEverything = { baseline: Number.MAX_SAFE_INTEGER, sessions: {} };

describe("a race in the session sidebar", () => {
  it("is one row over its entrants that opens the comparison", async () => {
    const sessions = [
      makeSession({ id: "u1", title: "Alone" }),
      makeSession({ id: "e1", race: "race-1", title: "Write out.txt", status: "running" }),
      makeSession({ id: "e2", race: "race-1", title: "Write out.txt", adapter: "claude" }),
    ];
    const onOpenRace = vi.fn();
    const onSelect = vi.fn();
    render(
      <SessionSidebar
        workspace={WORKSPACE}
        state={{ sessions, broken: [], loading: false, error: null }}
        selectedId={null}
        lastSeen={seenEverything}
        onSelect={onSelect}
        openRaceId="race-1"
        onOpenRace={onOpenRace}
      />,
    );
    const group = screen.getByTestId("race-group");
    expect(group).toHaveAttribute("data-race-id", "race-1");
    const row = within(group).getByTestId("race-row");
    expect(row).toHaveTextContent("RaceWrite out.txt");
    expect(row).toHaveAttribute("aria-current", "true");
    expect(within(row).getByRole("img", { name: "Codex: running" })).toBeInTheDocument();
    expect(within(row).getByRole("img", { name: "Claude Code: completed" })).toBeInTheDocument();
    expect(within(group).getAllByTestId("session-row").map((r) => r.dataset.sessionId)).toEqual(["e1", "e2"]);
    expect(screen.getAllByTestId("session-row").map((r) => r.dataset.sessionId)).toEqual(["u1", "e1", "e2"]);

    await userEvent.click(row);
    expect(onOpenRace).toHaveBeenCalledWith("race-1");
    await userEvent.click(within(group).getAllByTestId("session-row")[1]);
    expect(onSelect).toHaveBeenCalledWith("e2");
  });
});
