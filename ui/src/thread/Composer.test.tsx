import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { BUSY_REASON } from "./Composer";
import { asTurn, makeTurn } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";
import { renderThread } from "./testing/render";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout();
});
afterEach(() => restoreLayout());

const input = () => screen.getByTestId("composer-input") as HTMLTextAreaElement;

describe("the follow-up composer", () => {
  it.each(["running", "pending"] as const)("is closed while the session is %s, and says why", async (status) => {
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status } });
    expect(input()).toBeDisabled();
    expect(screen.getByTestId("composer-send")).toBeDisabled();
    expect(screen.getByTestId("composer-reason")).toHaveTextContent(BUSY_REASON);
  });

  it("sends on Enter, then closes while the new turn runs", async () => {
    const continued = makeSession({ id: "s1", status: "running", turn: 2, updated_at: "2026-01-01T10:06:00.000000" });
    vi.mocked(api.continueSession).mockResolvedValue(continued);
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    vi.mocked(api.getSession).mockResolvedValue({ summary: continued, turns: [makeTurn(), makeTurn({ number: 2 })] });
    expect(screen.queryByTestId("composer-reason")).toBeNull();
    await userEvent.type(input(), "now add a test{Enter}");
    expect(api.continueSession).toHaveBeenCalledWith(WORKSPACE, "s1", "now add a test");
    await waitFor(() => expect(input()).toHaveValue(""));
    expect(screen.getByTestId("composer-reason")).toHaveTextContent(BUSY_REASON);
    expect(screen.getByTestId("thread-status")).toHaveAttribute("data-status", "running");
    await waitFor(() => expect(api.getSession).toHaveBeenCalledTimes(2));
  });

  it("makes a new line on Shift+Enter and sends on Ctrl+Enter", async () => {
    vi.mocked(api.continueSession).mockResolvedValue(makeSession({ id: "s1", status: "running", turn: 2 }));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.type(input(), "first{Shift>}{Enter}{/Shift}second");
    expect(api.continueSession).not.toHaveBeenCalled();
    expect(input()).toHaveValue("first\nsecond");
    await userEvent.type(input(), "{Control>}{Enter}{/Control}");
    expect(api.continueSession).toHaveBeenCalledWith(WORKSPACE, "s1", "first\nsecond");
  });

  it("sends with the button, and never an empty message", async () => {
    vi.mocked(api.continueSession).mockResolvedValue(makeSession({ id: "s1", status: "running", turn: 2 }));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    expect(screen.getByTestId("composer-send")).toBeDisabled();
    await userEvent.type(input(), "   {Enter}");
    expect(api.continueSession).not.toHaveBeenCalled();
    await userEvent.type(input(), "go");
    await userEvent.click(screen.getByTestId("composer-send"));
    expect(api.continueSession).toHaveBeenCalledWith(WORKSPACE, "s1", "   go");
  });

  it("is closed while sending", async () => {
    let answer: (summary: api.SessionSummary) => void = () => undefined;
    vi.mocked(api.continueSession).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.type(input(), "go{Enter}");
    expect(input()).toBeDisabled();
    expect(screen.getByTestId("composer-send")).toBeDisabled();
    answer(makeSession({ id: "s1", status: "completed", turn: 2 }));
    await waitFor(() => expect(input()).not.toBeDisabled());
  });

  it("keeps the text and shows the error when sending fails", async () => {
    vi.mocked(api.continueSession).mockRejectedValue(new Error("session s1 is busy"));
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    await userEvent.type(input(), "try again{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("session s1 is busy");
    expect(input()).toHaveValue("try again");
    expect(input()).not.toBeDisabled();
  });
});
