import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { emitForTest } from "../live/bus";
import { SessionSidebar } from "../sessions/SessionSidebar";
import { makeApproval, makeSession, WORKSPACE } from "../shell/fixtures";
import { ApprovalCard, askedFor } from "./ApprovalCard";
import { SessionsApprovals } from "./SessionsApprovals";
import { resetApprovalsForTest } from "./store";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function renderCard(approval = makeApproval()) {
  render(<ApprovalCard workspace={WORKSPACE} approval={approval} />);
  return userEvent.setup();
}

describe("ApprovalCard", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetApprovalsForTest();
  });

  it("shows the command with its folder and the agent's reason", () => {
    renderCard(makeApproval({ reason: "it must reach the network" }));
    const card = screen.getByTestId("approval-card");
    expect(card).toHaveAccessibleName("Codex asks to run a command");
    expect(screen.getByTestId("approval-command")).toHaveTextContent("$ curl -X POST https://deploy.example/hook");
    expect(screen.getByTestId("approval-cwd")).toHaveTextContent(WORKSPACE);
    expect(card).toHaveTextContent("Why: it must reach the network");
  });

  it("shows a file change as its diff, added and removed lines apart", () => {
    renderCard(
      makeApproval({
        adapter: "claude",
        action: { kind: "file_change", changes: [{ path: "/etc/hosts", kind: "update", diff: "-old line\n+new line\n" }] },
      }),
    );
    expect(screen.getByTestId("approval-card")).toHaveAccessibleName("Claude Code asks to change a file");
    const change = screen.getByTestId("approval-change");
    expect(change).toHaveTextContent("/etc/hosts");
    expect(change.querySelector(".removed")).toHaveTextContent("-old line");
    expect(change.querySelector(".added")).toHaveTextContent("+new line");
  });

  it("names other tools with their input", () => {
    const approval = makeApproval({ adapter: "claude", action: { kind: "tool", name: "WebFetch", input: { url: "http://x" } } });
    expect(askedFor(approval)).toBe("Claude Code asks to use WebFetch");
    renderCard(approval);
    expect(screen.getByTestId("approval-tool-input")).toHaveTextContent('"url": "http://x"');
  });

  it("approves once, and then takes no second answer", async () => {
    const user = renderCard();
    await user.click(screen.getByTestId("approval-approve"));
    expect(api.answerApproval).toHaveBeenCalledWith(WORKSPACE, "a1b2c3d4e5f6", { approved: true });
    expect(screen.getByTestId("approval-always")).toBeDisabled();
  });

  it("approves for good", async () => {
    const user = renderCard();
    await user.click(screen.getByTestId("approval-always"));
    expect(api.answerApproval).toHaveBeenCalledWith(WORKSPACE, "a1b2c3d4e5f6", { approved: true, always: true });
  });

  it("denies with the reason the agent is told", async () => {
    const user = renderCard();
    await user.click(screen.getByTestId("approval-deny"));
    await user.type(screen.getByTestId("approval-reason-input"), "  use the staging hook ");
    await user.click(screen.getByTestId("approval-deny-confirm"));
    expect(api.answerApproval).toHaveBeenCalledWith(WORKSPACE, "a1b2c3d4e5f6", { approved: false, reason: "use the staging hook" });
  });

  it("denies without a reason, or thinks better of it", async () => {
    const user = renderCard();
    await user.click(screen.getByTestId("approval-deny"));
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("approval-reason-input")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("approval-deny"));
    await user.click(screen.getByTestId("approval-deny-confirm"));
    expect(api.answerApproval).toHaveBeenCalledWith(WORKSPACE, "a1b2c3d4e5f6", { approved: false, reason: null });
  });

  it("says why an answer was refused and lets the user try again", async () => {
    vi.mocked(api.answerApproval).mockRejectedValueOnce(new Error("approval a1b2c3d4e5f6 was already answered"));
    const user = renderCard();
    await user.click(screen.getByTestId("approval-approve"));
    expect(await screen.findByTestId("approval-error")).toHaveTextContent("already answered");
    expect(screen.getByTestId("approval-approve")).toBeEnabled();
  });
});

describe("pending approvals across the window", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetApprovalsForTest();
  });

  const sessions = [makeSession({ id: "s1", title: "Deploy", status: "running" }), makeSession({ id: "s2", title: "Docs" })];

  it("marks the sessions that wait in the sidebar, live as requests come and go", async () => {
    vi.mocked(api.listApprovals).mockResolvedValue({ approvals: [makeApproval()], problems: [] });
    render(
      <SessionSidebar
        workspace={WORKSPACE}
        state={{ sessions, broken: [], loading: false, error: null }}
        selectedId={null}
        lastSeen={{ baseline: Number.MAX_SAFE_INTEGER, sessions: {} }}
        onSelect={vi.fn()}
      />,
    );
    const row = (id: string) => screen.getAllByTestId("session-row").find((r) => r.dataset.sessionId === id)!;
    await waitFor(() => expect(within(row("s1")).getByTestId("session-waiting")).toHaveTextContent("asks you"));
    expect(within(row("s2")).queryByTestId("session-waiting")).not.toBeInTheDocument();
    const second = makeApproval({ id: "ffff00001111", session_id: "s2" });
    act(() => emitForTest(WORKSPACE, { kind: "approvals", session_id: "s2", approvals: [second, { ...second, id: "eeee" }] }));
    expect(within(row("s2")).getByTestId("session-waiting")).toHaveTextContent("asks you ×2");
    act(() => emitForTest(WORKSPACE, { kind: "approvals", session_id: "s1", approvals: [] }));
    expect(within(row("s1")).queryByTestId("session-waiting")).not.toBeInTheDocument();
  });

  it("lists a pilot's sessions' requests with their session, and an answered one leaves at once", async () => {
    vi.mocked(api.listApprovals).mockResolvedValue({
      approvals: [makeApproval(), makeApproval({ id: "other", session_id: "elsewhere" })],
      problems: [],
    });
    render(<SessionsApprovals workspace={WORKSPACE} sessions={sessions} />);
    const card = await screen.findByTestId("approval-card");
    expect(screen.getAllByTestId("approval-card")).toHaveLength(1);
    expect(card).toHaveTextContent("in “Deploy”");
    await userEvent.setup().click(within(card).getByTestId("approval-approve"));
    await waitFor(() => expect(screen.queryByTestId("pilot-approvals")).not.toBeInTheDocument());
  });

  it("keeps a live list that came before the first read", async () => {
    let resolve: (listing: api.ApprovalListing) => void = () => undefined;
    vi.mocked(api.listApprovals).mockReturnValue(new Promise((r) => (resolve = r)));
    render(<SessionsApprovals workspace={WORKSPACE} sessions={sessions} />);
    await waitFor(() => expect(api.listApprovals).toHaveBeenCalled());
    act(() => emitForTest(WORKSPACE, { kind: "approvals", session_id: "s1", approvals: [] }));
    await act(async () => resolve({ approvals: [makeApproval()], problems: [] }));
    expect(screen.queryByTestId("approval-card")).not.toBeInTheDocument();
  });
});
