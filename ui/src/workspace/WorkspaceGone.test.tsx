import { act, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { emitForTest } from "../live/bus";
import { AppShell } from "../shell/AppShell";
import { appInfo, cliReport, makeSession, modes, WORKSPACE } from "../shell/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const done = makeSession({ id: "done-1", title: "Write the changelog" });
const stuck = makeSession({
  id: "stuck-1",
  status: "running",
  title: "Port the parser",
  problem: "its last turn could not be recorded, so it is shown as last saved: unknown adapter",
});

describe("a workspace in trouble", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [stuck, done], broken: [] });
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true), cliReport("claude", true)]);
    vi.mocked(api.sessionModes).mockResolvedValue(modes);
  });

  it("says so when its folder is deleted while open, and recovers if it comes back", async () => {
    render(<AppShell state={{ status: "ready", info: appInfo }} />);
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(2));
    expect(screen.queryByTestId("workspace-gone")).not.toBeInTheDocument();

    act(() => emitForTest(WORKSPACE, { kind: "workspace_folder", root: WORKSPACE, exists: false }));
    expect(screen.getByTestId("workspace-gone")).toHaveTextContent(`This folder no longer exists: ${WORKSPACE}`);
    expect(screen.queryAllByTestId("session-row")).toHaveLength(0);

    act(() => emitForTest(WORKSPACE, { kind: "workspace_folder", root: WORKSPACE, exists: true }));
    expect(screen.queryByTestId("workspace-gone")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("session-row")).toHaveLength(2);
  });

  it("lists a session that could not be brought up to date with its problem, beside the others", async () => {
    render(<AppShell state={{ status: "ready", info: appInfo }} />);
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(2));
    const problems = screen.getAllByTestId("session-problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toHaveTextContent("unknown adapter");
    expect(problems[0].closest("[data-session-id]")).toHaveAttribute("data-session-id", "stuck-1");
  });
});
