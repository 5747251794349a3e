import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { asTurn } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";
import { renderThread } from "./testing/render";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout();
});
afterEach(() => {
  restoreLayout();
  vi.unstubAllGlobals();
});

describe("the header", () => {
  it("shows the title, the full task on demand, status and figures", async () => {
    await renderThread(asTurn(1, "hi", []), {
      summary: { turn: 2, title: "Fix the flaky test", task: "Fix the flaky test\nin tests/io.rs", mode: "read-only" },
    });
    const header = screen.getByTestId("thread-header");
    expect(within(header).getByTestId("thread-title")).toHaveTextContent("Fix the flaky test");
    expect(within(header).getByTestId("thread-title")).toHaveAttribute("title", "Fix the flaky test\nin tests/io.rs");
    expect(screen.getByTestId("thread-status")).toHaveAttribute("data-status", "completed");
    const meta = within(header).getByTestId("thread-meta");
    for (const text of ["gpt-5-codex", "read-only", "2 turns", "12.3k tok", "$0.0123"]) {
      expect(meta).toHaveTextContent(text);
    }
    expect(within(meta).getByTestId("thread-adapter")).toHaveTextContent(/^Codex$/);
    expect(within(meta).getByTestId("thread-model")).toHaveTextContent(/^gpt-5-codex$/);
    await userEvent.click(within(header).getByTestId("toggle-task"));
    expect(within(header).getByTestId("thread-task").textContent).toBe("Fix the flaky test\nin tests/io.rs");
  });
});

describe("session actions", () => {
  it("kills a running session, and only a running one", async () => {
    vi.mocked(api.killSession).mockResolvedValue({ kind: "killed" });
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status: "running" } });
    await userEvent.click(screen.getByTestId("kill-button"));
    expect(api.killSession).toHaveBeenCalledWith(WORKSPACE, "s1");
    expect(screen.queryByTestId("action-notice")).toBeNull();
  });

  it("says so when the turn had already ended by itself", async () => {
    vi.mocked(api.killSession).mockResolvedValue({ kind: "already_ended", status: "completed" });
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status: "running" } });
    await userEvent.click(screen.getByTestId("kill-button"));
    const notice = await screen.findByTestId("action-notice");
    expect(notice).toHaveTextContent("already ended by itself (completed); nothing was killed");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("cannot kill a finished session", async () => {
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status: "completed" } });
    expect(screen.getByTestId("kill-button")).toBeDisabled();
  });

  it("shows a failed kill next to the buttons", async () => {
    vi.mocked(api.killSession).mockRejectedValue(new Error("no such process"));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status: "running" } });
    await userEvent.click(screen.getByTestId("kill-button"));
    expect(await screen.findByRole("alert")).toHaveTextContent("no such process");
  });

  it("deletes only after confirmation", async () => {
    vi.mocked(api.deleteSession).mockResolvedValue(null);
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.click(screen.getByTestId("delete-button"));
    expect(screen.getByTestId("delete-dialog")).toBeInTheDocument();
    expect(screen.getByTestId("delete-spend-note")).toHaveTextContent("What it cost stays counted in Spend");
    expect(api.deleteSession).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId("cancel-delete"));
    expect(screen.queryByTestId("delete-dialog")).toBeNull();
    expect(api.deleteSession).not.toHaveBeenCalled();

    await userEvent.click(screen.getByTestId("delete-button"));
    await userEvent.click(screen.getByTestId("confirm-delete"));
    expect(api.deleteSession).toHaveBeenCalledWith(WORKSPACE, "s1");
    expect(await screen.findByTestId("thread-removed")).toBeInTheDocument();
  });

  it("closes the confirmation on Esc and shows a failed delete", async () => {
    vi.mocked(api.deleteSession).mockRejectedValue(new Error("folder is locked"));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.click(screen.getByTestId("delete-button"));
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("delete-dialog")).toBeNull();
    await userEvent.click(screen.getByTestId("delete-button"));
    await userEvent.click(screen.getByTestId("confirm-delete"));
    expect(await screen.findByRole("alert")).toHaveTextContent("folder is locked");
    expect(screen.queryByTestId("thread-removed")).toBeNull();
  });

  it("copies the session id", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.click(screen.getByTestId("copy-id-button"));
    expect(writeText).toHaveBeenCalledWith("s1");
    expect(screen.getByTestId("copy-id-button")).toHaveTextContent("Copied");
  });

  it("copies the id by selection when the webview refuses the clipboard API", async () => {
    const writeText = vi.fn(async () => {
      throw new Error("NotAllowedError");
    });
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.click(screen.getByTestId("copy-id-button"));
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(screen.getByTestId("copy-id-button")).toHaveTextContent("Copied");
  });

  it("opens the session's folder, and says when it cannot", async () => {
    vi.mocked(api.revealFolder).mockRejectedValueOnce(new Error("no file manager"));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, working_dir: `${WORKSPACE}/sub` } });
    await userEvent.click(screen.getByTestId("reveal-button"));
    expect(api.revealFolder).toHaveBeenCalledWith(WORKSPACE, `${WORKSPACE}/sub`);
    expect(await screen.findByRole("alert")).toHaveTextContent("no file manager");
  });
});

describe("the raw turn dialog", () => {
  it("shows the turn's raw JSONL", async () => {
    const raw = '{"type":"thread.started"}\n{"type":"turn.started"}\n';
    vi.mocked(api.rawTurn).mockResolvedValue(raw);
    await renderThread([...asTurn(1, "one", []), ...asTurn(2, "two", [])], { summary: { turn: 2 } });
    const second = screen.getAllByTestId("turn-divider")[1];
    await userEvent.click(within(second).getByTestId("raw-turn-button"));
    const dialog = await screen.findByTestId("raw-turn-dialog");
    expect(api.rawTurn).toHaveBeenCalledWith(WORKSPACE, "s1", 2);
    await waitFor(() => expect(within(dialog).getByTestId("raw-turn-text").textContent).toBe(raw));
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("raw-turn-dialog")).toBeNull();
  });

  it("says why the raw output could not be read", async () => {
    vi.mocked(api.rawTurn).mockRejectedValue(new Error("turn_1.jsonl: not found"));
    await renderThread(asTurn(1, "one", []), { summary: { turn: 1 } });
    await userEvent.click(screen.getByTestId("raw-turn-button"));
    expect(await within(screen.getByTestId("raw-turn-dialog")).findByRole("alert")).toHaveTextContent("not found");
  });
});
