import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { emitForTest } from "../live/bus";
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

/** A naive local ISO time like the backend writes, `offsetMs` from now. */
function localIso(offsetMs: number): string {
  const date = new Date(Date.now() + offsetMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`;
}

const running = makeSession({ id: "run-1", status: "running", title: "Port the parser", ended_at: null, created_at: "2026-01-01T11:00:00" });
const done = makeSession({ id: "done-1", title: "Write the changelog", created_at: "2026-01-01T10:00:00" });

function renderApp() {
  const user = userEvent.setup();
  const view = render(<AppShell state={{ status: "ready", info: appInfo }} />);
  return { user, ...view };
}

const row = (id: string) => screen.getAllByTestId("session-row").find((r) => r.dataset.sessionId === id);

describe("the cockpit", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [running, done], broken: [] });
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true), cliReport("claude", false)]);
    vi.mocked(api.sessionModes).mockResolvedValue(modes);
  });

  it("lists the workspace's sessions and shows the empty state", async () => {
    renderApp();
    await waitFor(() => expect(screen.getAllByTestId("session-row")).toHaveLength(2));
    expect(api.listSessions).toHaveBeenCalledWith(WORKSPACE);
    expect(api.subscribe).toHaveBeenCalled();
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("proj");
    expect(screen.getByTestId("workspace-root")).toHaveTextContent(WORKSPACE);
    expect(screen.getByTestId("backend-version")).toHaveTextContent("backend 0.1.0 · core 0.1.0");
    expect(await screen.findByTestId("empty-state")).toBeInTheDocument();
    expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
  });

  it("follows live changes: a status update and a new session", async () => {
    renderApp();
    await waitFor(() => expect(row("run-1")).toHaveAttribute("data-status", "running"));
    act(() => emitForTest(WORKSPACE, { kind: "session", session: { ...running, status: "failed" } }));
    expect(row("run-1")).toHaveAttribute("data-status", "failed");
    const created = makeSession({ id: "new-1", status: "pending", created_at: "2026-01-02T08:00:00" });
    act(() => emitForTest(WORKSPACE, { kind: "session", session: created }));
    expect(screen.getAllByTestId("session-row")[0]).toHaveAttribute("data-session-id", "new-1");
    expect(screen.getByTestId("count-failed")).toHaveTextContent("1 failed");
  });

  it("marks a session that completes while not selected, until it is opened", async () => {
    const { user } = renderApp();
    await waitFor(() => expect(row("run-1")).toBeDefined());
    expect(screen.queryByTestId("unread-marker")).not.toBeInTheDocument();
    const finished = { ...running, status: "completed" as const, ended_at: localIso(1000) };
    act(() => emitForTest(WORKSPACE, { kind: "session", session: finished }));
    expect(within(row("run-1")!).getByTestId("unread-marker")).toBeInTheDocument();
    await user.click(row("run-1")!);
    expect(screen.getByTestId("thread")).toHaveTextContent("run-1");
    expect(screen.queryByTestId("unread-marker")).not.toBeInTheDocument();
    await user.click(row("done-1")!);
    expect(screen.queryByTestId("unread-marker")).not.toBeInTheDocument();
  });

  it("does not mark a session that completes while it is open", async () => {
    const { user } = renderApp();
    await waitFor(() => expect(row("run-1")).toBeDefined());
    await user.click(row("run-1")!);
    const finished = { ...running, status: "completed" as const, ended_at: localIso(1000) };
    act(() => emitForTest(WORKSPACE, { kind: "session", session: finished }));
    await user.click(row("done-1")!);
    expect(screen.queryByTestId("unread-marker")).not.toBeInTheDocument();
  });

  it("remembers the selected session", async () => {
    const { user, unmount } = renderApp();
    await waitFor(() => expect(row("done-1")).toBeDefined());
    await user.click(row("done-1")!);
    unmount();
    renderApp();
    expect(await screen.findByTestId("thread")).toHaveTextContent("done-1");
  });

  it("opens the new-session dialog with Ctrl+N, closes it with Esc, and selects a started session", async () => {
    const { user } = renderApp();
    await waitFor(() => expect(row("run-1")).toBeDefined());
    await user.keyboard("{Control>}n{/Control}");
    expect(screen.getByTestId("new-session-dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("new-session-dialog")).not.toBeInTheDocument();

    const started = makeSession({ id: "fresh", status: "running", created_at: "2026-01-03T08:00:00" });
    vi.mocked(api.startSession).mockResolvedValue(started);
    await user.click(screen.getByTestId("new-session-button"));
    await user.type(screen.getByTestId("task-input"), "Add tests");
    await user.click(screen.getByTestId("start-session"));
    expect(screen.queryByTestId("new-session-dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("thread")).toHaveTextContent("fresh");
    expect(row("fresh")).toHaveAttribute("aria-current", "true");
  });

  it("jumps to a session with the Ctrl+K quick switcher", async () => {
    const { user } = renderApp();
    await waitFor(() => expect(row("run-1")).toBeDefined());
    await user.keyboard("{Control>}k{/Control}");
    const switcher = screen.getByTestId("quick-switcher");
    await user.type(within(switcher).getByTestId("quick-switcher-input"), "chglog");
    expect(within(switcher).getAllByTestId("quick-switcher-item")).toHaveLength(1);
    // The input names the active row to screen readers, and its dot says the status.
    const input = within(switcher).getByRole("combobox", { name: "Search sessions" });
    const active = within(switcher).getByRole("option", { selected: true });
    expect(input).toHaveAttribute("aria-activedescendant", active.id);
    expect(within(active).getByRole("img")).toHaveAccessibleName(/completed|running|failed|killed|pending/);
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("quick-switcher")).not.toBeInTheDocument();
    expect(screen.getByTestId("thread")).toHaveTextContent("done-1");
    await user.keyboard("{Control>}k{/Control}");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("quick-switcher")).not.toBeInTheDocument();
  });

  it("opens folders as workspace tabs and closes them", async () => {
    const other = { root: "/home/dev/other", name: "other", has_state: false };
    vi.mocked(api.pickFolder).mockResolvedValue(other.root);
    vi.mocked(api.openWorkspace).mockResolvedValue(other);
    const { user } = renderApp();
    await user.click(screen.getByTestId("open-folder"));
    const tabs = screen.getByTestId("workspace-tabs");
    await waitFor(() => expect(within(tabs).getAllByRole("tab")).toHaveLength(2));
    expect(api.openWorkspace).toHaveBeenCalledWith(other.root);
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("other");
    await waitFor(() => expect(api.listSessions).toHaveBeenCalledWith(other.root));
    await user.click(within(tabs).getByRole("button", { name: "Close other" }));
    expect(api.closeWorkspace).toHaveBeenCalledWith(other.root);
    expect(within(tabs).getAllByRole("tab")).toHaveLength(1);
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("proj");
  });

  it("shows why a folder could not be opened", async () => {
    vi.mocked(api.pickFolder).mockResolvedValue("/nope");
    vi.mocked(api.openWorkspace).mockRejectedValue(new api.BackendError("folder /nope does not exist"));
    const { user } = renderApp();
    await user.click(screen.getByTestId("open-folder"));
    expect(await screen.findByTestId("workspace-error")).toHaveTextContent("folder /nope does not exist");
  });

  it("offers the recent folders", async () => {
    vi.mocked(api.recentWorkspaces).mockResolvedValue([WORKSPACE, "/home/dev/recent"]);
    vi.mocked(api.openWorkspace).mockResolvedValue({ root: "/home/dev/recent", name: "recent", has_state: true });
    const { user } = renderApp();
    await user.click(screen.getByTestId("recent-toggle"));
    const menu = await screen.findByTestId("recent-menu");
    await waitFor(() => expect(within(menu).getByText("/home/dev/recent")).toBeInTheDocument());
    expect(within(menu).queryByText(WORKSPACE)).not.toBeInTheDocument();
    await user.click(within(menu).getByText("/home/dev/recent"));
    expect(api.openWorkspace).toHaveBeenCalledWith("/home/dev/recent");
  });
});
