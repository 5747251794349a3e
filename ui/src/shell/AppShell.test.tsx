import { render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { AppShell } from "./AppShell";
import { appInfo as info, cliReport } from "./fixtures";

vi.mock("../api", async () => (await import("./apiMock")).createApiMock());
vi.mock("./ThreadSlot", () => ({ ThreadSlot: () => null, preloadThread: () => Promise.resolve({}) }));

describe("AppShell", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true)]);
  });

  it("shows the workspace and backend versions when ready", async () => {
    render(<AppShell state={{ status: "ready", info }} />);
    expect(screen.getByTestId("app-shell")).toBeInTheDocument();
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("proj");
    expect(screen.getByTestId("workspace-root")).toHaveTextContent("/home/dev/proj");
    expect(screen.getByTestId("backend-version")).toHaveTextContent("backend 0.1.0 · core 0.1.0");
    await waitFor(() => expect(screen.getByTestId("session-list")).toBeInTheDocument());
  });

  it("shows why the workspace could not be opened", async () => {
    const broken = { ...info, workspace: null, workspace_error: "folder /x does not exist" };
    render(<AppShell state={{ status: "ready", info: broken }} />);
    expect(screen.getByTestId("workspace-error")).toHaveTextContent("folder /x does not exist");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("no workspace");
    expect(screen.getByTestId("new-session-button")).toBeDisabled();
    await waitFor(() => expect(api.recentWorkspaces).toHaveBeenCalled());
  });

  it("names where an unreadable settings file was kept, until dismissed", async () => {
    const notice = "The app's settings file could not be read: it is not valid JSON. It was kept as /cfg/settings.json.unreadable-17";
    render(<AppShell state={{ status: "ready", info: { ...info, settings_notice: notice } }} />);
    const banner = screen.getByTestId("settings-notice");
    expect(banner).toHaveTextContent("/cfg/settings.json.unreadable-17");
    banner.querySelector("button")?.click();
    await waitFor(() => expect(screen.queryByTestId("settings-notice")).not.toBeInTheDocument());
  });

  it("says so when the backend does not answer", () => {
    render(<AppShell state={{ status: "error", message: "ipc closed" }} />);
    expect(screen.getByRole("alert")).toHaveTextContent("The backend did not answer: ipc closed");
    expect(screen.getByTestId("status-strip")).toHaveTextContent("backend unavailable");
  });
});
