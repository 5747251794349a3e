import { renderHook, waitFor, act } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { emitForTest } from "../live/bus";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { useSessions } from "./useSessions";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const older = makeSession({ id: "old", created_at: "2026-01-01T09:00:00" });
const newer = makeSession({ id: "new", status: "running", created_at: "2026-01-01T11:00:00" });

describe("useSessions", () => {
  beforeEach(() => vi.clearAllMocks());

  it("loads the list, starts live updates and applies them", async () => {
    vi.mocked(api.listSessions).mockResolvedValue({ sessions: [newer, older], broken: ["x: bad"] });
    const { result } = renderHook(() => useSessions(WORKSPACE));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(api.listSessions).toHaveBeenCalledWith(WORKSPACE);
    expect(result.current.sessions.map((s) => s.id)).toEqual(["new", "old"]);
    expect(result.current.broken).toEqual(["x: bad"]);

    act(() => emitForTest(WORKSPACE, { kind: "session", session: { ...newer, status: "completed" } }));
    expect(result.current.sessions[0].status).toBe("completed");

    const newest = makeSession({ id: "newest", created_at: "2026-01-01T12:00:00" });
    act(() => emitForTest(WORKSPACE, { kind: "session", session: newest }));
    expect(result.current.sessions.map((s) => s.id)).toEqual(["newest", "new", "old"]);

    act(() => emitForTest(WORKSPACE, { kind: "removed", session_id: "old" }));
    expect(result.current.sessions.map((s) => s.id)).toEqual(["newest", "new"]);

    act(() => emitForTest(WORKSPACE, { kind: "events", session_id: "new", events: [] }));
    expect(result.current.sessions).toHaveLength(2);
  });

  it("keeps live changes that arrive while the list is loading", async () => {
    let resolveList: (list: api.SessionList) => void = () => undefined;
    vi.mocked(api.listSessions).mockReturnValue(new Promise((resolve) => (resolveList = resolve)));
    const { result } = renderHook(() => useSessions(WORKSPACE));
    act(() => emitForTest(WORKSPACE, { kind: "session", session: { ...newer, status: "failed" } }));
    act(() => emitForTest(WORKSPACE, { kind: "removed", session_id: "old" }));
    await act(async () => resolveList({ sessions: [newer, older], broken: [] }));
    expect(result.current.sessions.map((s) => [s.id, s.status])).toEqual([["new", "failed"]]);
  });

  it("reports a failed load", async () => {
    vi.mocked(api.listSessions).mockRejectedValue(new Error("no .zwarm access"));
    const { result } = renderHook(() => useSessions(WORKSPACE));
    await waitFor(() => expect(result.current.error).toBe("no .zwarm access"));
    expect(result.current.loading).toBe(false);
  });
});
