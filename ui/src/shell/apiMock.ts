// For tests: a stand-in for src/api, used as
// `vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock())`.
// Defaults describe a workspace with two CLIs found and no sessions.
import { vi } from "vitest";

export function createApiMock() {
  class BackendError extends Error {}
  return {
    BackendError,
    getAppInfo: vi.fn(),
    signalUiReady: vi.fn(async () => undefined),
    doctor: vi.fn(async () => []),
    sessionModes: vi.fn(async () => []),
    openWorkspace: vi.fn(),
    closeWorkspace: vi.fn(async () => undefined),
    openWorkspaces: vi.fn(async () => []),
    recentWorkspaces: vi.fn(async () => []),
    pickFolder: vi.fn(async () => null),
    listSessions: vi.fn(async () => ({ sessions: [], broken: [] })),
    getSession: vi.fn(),
    sessionEvents: vi.fn(),
    startSession: vi.fn(),
    continueSession: vi.fn(),
    killSession: vi.fn(),
    deleteSession: vi.fn(),
    rawTurn: vi.fn(),
    revealFolder: vi.fn(),
    subscribe: vi.fn(async () => undefined),
  };
}
