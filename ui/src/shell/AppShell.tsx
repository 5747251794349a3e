import { Cockpit } from "./Cockpit";
import { ShellFrame } from "./ShellFrame";
import type { AppInfoState } from "./useAppInfo";

/** The window's frame: title bar, sessions sidebar, main view and status strip. */
export function AppShell({ state }: { state: AppInfoState }) {
  if (state.status === "ready") return <Cockpit info={state.info} />;
  return (
    <ShellFrame
      header={
        <span className="workspace-name" data-testid="workspace-name">
          no workspace
        </span>
      }
      status={<span>{state.status === "loading" ? "connecting to backend…" : "backend unavailable"}</span>}
    >
      <aside className="shell-sidebar" aria-label="Sessions" />
      <main className="shell-main">
        {state.status === "loading" ? (
          <p className="muted">Loading…</p>
        ) : (
          <div role="alert" className="error">
            The backend did not answer: {state.message}
          </div>
        )}
      </main>
    </ShellFrame>
  );
}
