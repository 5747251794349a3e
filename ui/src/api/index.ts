// The one module through which the UI talks to the backend. Components and
// stores import from here, never from "@tauri-apps/api" or the generated
// bindings directly (a test enforces it), so the IPC surface stays in one place
// and tests can replace it with a single `vi.mock("../api")`.
import { commands } from "../bindings";
import type { AppInfo, WorkspaceInfo } from "../bindings";

export type { AppInfo, WorkspaceInfo };

/** Versions and the open workspace, for the app shell. */
export function getAppInfo(): Promise<AppInfo> {
  return commands.appInfo();
}

/** Tells the backend the first screen is drawn (logged; `make run SCREENSHOT=` waits for it). */
export function signalUiReady(): Promise<void> {
  return commands.uiReady();
}
