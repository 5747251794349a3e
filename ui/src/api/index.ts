// The one module through which the UI talks to the backend. Components and
// stores import from here, never from "@tauri-apps/api" or the generated
// bindings directly (a test enforces it), so the IPC surface stays in one place
// and tests can replace it with a single `vi.mock("../api")`.
//
// Every function returns the data or throws a `BackendError` carrying the
// backend's message (written for the user).
import { Channel } from "@tauri-apps/api/core";
import { commands } from "../bindings";
import type {
  Adapter,
  AdapterModes,
  AgentEvent,
  AppInfo,
  CliReport,
  CommandError,
  EngineEvent,
  EventPage,
  FileChange,
  FileChangeKind,
  ItemStatus,
  ModeInfo,
  NewSessionRequest,
  ResumeMode,
  SearchedPath,
  SessionDetail,
  SessionEvent,
  SessionList,
  SessionStatus,
  SessionSummary,
  TodoItem,
  TokenUsage,
  TurnRecord,
  Value,
  WorkspaceInfo,
} from "../bindings";

export type {
  Adapter,
  AdapterModes,
  AgentEvent,
  AppInfo,
  CliReport,
  EngineEvent,
  EventPage,
  FileChange,
  FileChangeKind,
  ItemStatus,
  ModeInfo,
  NewSessionRequest,
  ResumeMode,
  SearchedPath,
  SessionDetail,
  SessionEvent,
  SessionList,
  SessionStatus,
  SessionSummary,
  TodoItem,
  TokenUsage,
  TurnRecord,
  Value,
  WorkspaceInfo,
};

export class BackendError extends Error {}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new BackendError(result.error.message);
  return result.data;
}

/** Versions and the first workspace, for the app shell. */
export const getAppInfo = (): Promise<AppInfo> => commands.appInfo();

/** Tells the backend the first screen is drawn (logged; `make run SCREENSHOT=` waits for it). */
export const signalUiReady = (): Promise<void> => commands.uiReady();

export const doctor = (workspace: string | null) => unwrap(commands.doctor(workspace));
export const sessionModes = (): Promise<AdapterModes[]> => commands.sessionModes();

export const openWorkspace = (path: string) => unwrap(commands.openWorkspace(path));
export const closeWorkspace = (workspace: string) => commands.closeWorkspace(workspace);
export const openWorkspaces = () => commands.openWorkspaces();
export const recentWorkspaces = () => unwrap(commands.recentWorkspaces());
export const pickFolder = () => unwrap(commands.pickFolder());

export const listSessions = (workspace: string, status: SessionStatus | null = null) =>
  unwrap(commands.listSessions(workspace, status));
export const getSession = (workspace: string, id: string) => unwrap(commands.getSession(workspace, id));
export const sessionEvents = (workspace: string, id: string, offset: number, limit: number) =>
  unwrap(commands.sessionEvents(workspace, id, offset, limit));
export const startSession = (workspace: string, request: NewSessionRequest) =>
  unwrap(commands.startSession(workspace, request));
export const continueSession = (workspace: string, id: string, message: string) =>
  unwrap(commands.continueSession(workspace, id, message));
export const killSession = (workspace: string, id: string) => unwrap(commands.killSession(workspace, id));
export const deleteSession = (workspace: string, id: string) => unwrap(commands.deleteSession(workspace, id));
export const rawTurn = (workspace: string, id: string, turn: number) => unwrap(commands.rawTurn(workspace, id, turn));
export const revealFolder = (workspace: string, path: string) => unwrap(commands.revealFolder(workspace, path));

/**
 * Live updates of one workspace: new or changed transcript events (upsert by
 * turn and index), session changes and removals. The backend keeps one
 * subscription per workspace; subscribing again replaces it.
 */
export async function subscribe(workspace: string, onEvent: (event: EngineEvent) => void): Promise<void> {
  const channel = new Channel<EngineEvent>();
  channel.onmessage = onEvent;
  await unwrap(commands.subscribe(workspace, channel));
}
