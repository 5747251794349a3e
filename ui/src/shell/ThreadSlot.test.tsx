import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { preloadThread, ThreadSlot } from "./ThreadSlot";

vi.mock("../thread/SessionThread", () => ({
  SessionThread: ({ workspace, sessionId }: { workspace: string; sessionId: string }) => {
    if (sessionId === "crash") throw new Error("bad transcript");
    return `thread of ${sessionId} in ${workspace}`;
  },
}));

describe("ThreadSlot", () => {
  it("renders the session thread of the selected session", async () => {
    render(<ThreadSlot workspace="/w" sessionId="s1" />);
    expect(await screen.findByText("thread of s1 in /w")).toBeInTheDocument();
  });

  it("keeps the shell up when the thread view fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(<ThreadSlot workspace="/w" sessionId="crash" />);
    expect(await screen.findByTestId("thread-error")).toHaveTextContent("bad transcript");
  });

  it("fetches the thread view's code once, however often it is asked", async () => {
    const first = preloadThread();
    expect(preloadThread()).toBe(first);
    expect(typeof (await first).SessionThread).toBe("function");
  });
});
