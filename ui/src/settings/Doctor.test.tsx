import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { AppShell } from "../shell/AppShell";
import { appInfo, cliReport, WORKSPACE } from "../shell/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());
vi.mock("../shell/ThreadSlot", () => ({ ThreadSlot: () => null, preloadThread: () => Promise.resolve({}) }));

function renderApp() {
  const user = userEvent.setup();
  render(<AppShell state={{ status: "ready", info: appInfo }} />);
  return user;
}

describe("Doctor", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
  });

  it("shows each CLI's path and version, or not found with the fix, and where it looked", async () => {
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true), cliReport("claude", false)]);
    const user = renderApp();
    await user.click(screen.getByTestId("doctor-button"));
    const panel = screen.getByTestId("doctor-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("cli-report")).toHaveLength(2));
    expect(api.doctor).toHaveBeenCalledWith(WORKSPACE);
    const [codex, claude] = within(panel).getAllByTestId("cli-report");
    expect(codex).toHaveTextContent("/usr/local/bin/codex");
    expect(codex).toHaveTextContent("version 1.2.3");
    expect(within(codex).getByTestId("cli-login")).toHaveTextContent("Codex is logged in with a ChatGPT account. (codex login status)");
    expect(within(claude).queryByTestId("cli-login")).not.toBeInTheDocument();
    expect(claude).toHaveTextContent("not found");
    expect(claude).toHaveTextContent("Install it with: npm install -g claude");
    expect(claude).toHaveTextContent("Places searched (2)");
    expect(within(claude).getByText("/home/dev/.npm-global/bin")).toBeInTheDocument();

    await user.click(within(panel).getByText("Check again"));
    expect(api.doctor).toHaveBeenCalledTimes(2);
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("doctor-panel")).not.toBeInTheDocument();
    expect(screen.queryByTestId("first-run")).not.toBeInTheDocument();
  });

  it("shows the first-run screen with install hints when no CLI is found", async () => {
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", false), cliReport("claude", false)]);
    renderApp();
    const firstRun = await screen.findByTestId("first-run");
    expect(firstRun).toHaveTextContent("Install it with: npm install -g codex");
    expect(firstRun).toHaveTextContent("Install it with: npm install -g claude");
    expect(screen.queryByTestId("empty-state")).not.toBeInTheDocument();
  });

  it("says in words when a CLI has no credentials to reach its model", async () => {
    const missing = {
      ...cliReport("claude", true),
      login: {
        state: "missing" as const,
        words: "Claude Code: no API key or login found; run `claude auth login` in a terminal, or set ANTHROPIC_API_KEY before starting zwarm.",
        command: "claude auth status",
      },
    };
    vi.mocked(api.doctor).mockResolvedValue([cliReport("codex", true), missing]);
    const user = renderApp();
    await user.click(screen.getByTestId("doctor-button"));
    const panel = screen.getByTestId("doctor-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("cli-login")).toHaveLength(2));
    const [codex, claude] = within(panel).getAllByTestId("cli-login");
    expect(codex).toHaveAttribute("data-state", "ready");
    expect(claude).toHaveAttribute("data-state", "missing");
    expect(claude).toHaveTextContent("no API key or login found; run `claude auth login`");
  });

  it("says when an installed CLI is not the version zwarm was tested with", async () => {
    const newer = {
      ...cliReport("codex", true),
      version: "codex-cli 9.0.0",
      version_note: "9.0.0 is newer than 1.2.3, the version zwarm was tested with: its output may have changed.",
    };
    vi.mocked(api.doctor).mockResolvedValue([newer, cliReport("claude", true)]);
    const user = renderApp();
    await user.click(screen.getByTestId("doctor-button"));
    const panel = screen.getByTestId("doctor-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("cli-report")).toHaveLength(2));
    const [codex, claude] = within(panel).getAllByTestId("cli-report");
    expect(within(codex).getByTestId("cli-version-note")).toHaveTextContent("9.0.0 is newer than 1.2.3");
    expect(within(claude).queryByTestId("cli-version-note")).not.toBeInTheDocument();
  });

  it("says when the doctor itself failed", async () => {
    vi.mocked(api.doctor).mockRejectedValue(new api.BackendError("config.toml: bad [codex] table"));
    const user = renderApp();
    await user.click(screen.getByTestId("doctor-button"));
    expect(await within(screen.getByTestId("doctor-panel")).findByRole("alert")).toHaveTextContent(
      "config.toml: bad [codex] table",
    );
  });
});
