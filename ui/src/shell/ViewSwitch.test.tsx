import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeGraph, makeNode } from "../graph/testing/fixtures";
import { AppShell } from "./AppShell";
import { appInfo, cliReport, makeSession, modes, WORKSPACE } from "./fixtures";

vi.mock("../api", async () => (await import("./apiMock")).createApiMock());
vi.mock("./ThreadSlot", async () => {
  const { createElement } = await import("react");
  return {
    ThreadSlot: ({ sessionId }: { sessionId: string }) => createElement("div", { "data-testid": "thread" }, sessionId),
    preloadThread: () => Promise.resolve({}),
  };
});

const SESSION = "0f8fad5b-d9cb-469f-a165-70867728950e";

function renderApp() {
  const user = userEvent.setup();
  const view = render(<AppShell state={{ status: "ready", info: appInfo }} />);
  return { user, ...view };
}

describe("the Sessions / Pilot switch", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    localStorage.setItem("zwarm.pilot.graph-shown", "false");
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [makeSession({ id: SESSION })], broken: [] });
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true)]);
    vi.mocked(api.sessionModes).mockResolvedValue(modes);
    vi.mocked(api.listPilots).mockResolvedValue([]);
  });

  it("replaces the sessions with the pilots, and remembers the choice per workspace", async () => {
    const { user, unmount } = renderApp();
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(1));
    expect(screen.getByTestId("view-sessions")).toHaveAttribute("aria-selected", "true");

    await user.click(screen.getByTestId("view-pilot"));
    expect(await screen.findByTestId("pilot-list", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByTestId("session-row")).not.toBeInTheDocument();
    expect(screen.getByTestId("view-pilot")).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByTestId("pilot-empty")).toBeInTheDocument();
    expect(localStorage.getItem(`zwarm.view.${WORKSPACE}`)).toBe(JSON.stringify("pilot"));

    unmount();
    renderApp();
    expect(await screen.findByTestId("pilot-list", {}, { timeout: 5000 })).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("view-sessions"));
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(1));
  });

  it("opens a session a pilot started in the Sessions view", async () => {
    localStorage.setItem(`zwarm.view.${WORKSPACE}`, JSON.stringify("pilot"));
    const node = makeNode({
      id: "n1",
      label: "T1",
      items: [
        { kind: "user", text: "fix it" },
        { kind: "tool_call", call_id: "c1", name: "delegate", arguments: { task: "fix it" } },
        { kind: "tool_result", call_id: "c1", output: `Started session ${SESSION} (codex) in /w.` },
        { kind: "assistant", text: "On it." },
      ],
    });
    const graph = makeGraph([node]);
    vi.mocked(api.listPilots).mockResolvedValue([{ meta: graph.meta, nodes: 1, running: false }]);
    vi.mocked(api.getPilotGraph).mockResolvedValue(graph);
    const { user } = renderApp();
    await user.click(await screen.findByTestId("pilot-open-session", {}, { timeout: 5000 }));
    expect(await screen.findByTestId("thread")).toHaveTextContent(SESSION);
    expect(screen.getByTestId("view-sessions")).toHaveAttribute("aria-selected", "true");
    expect(localStorage.getItem(`zwarm.selected.${WORKSPACE}`)).toBe(JSON.stringify(SESSION));
  });
});
