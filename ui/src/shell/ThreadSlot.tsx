// Where the selected session's thread goes. The thread view lives in
// src/thread (built separately); it is loaded lazily so the shell draws first.
import { Component, lazy, Suspense, type ReactNode } from "react";

const SessionThread = lazy(() =>
  import("../thread/SessionThread").then((module) => ({ default: module.SessionThread })),
);

type Props = { workspace: string; sessionId: string };

export function ThreadSlot({ workspace, sessionId }: Props) {
  return (
    <ThreadErrorBoundary key={`${workspace}\n${sessionId}`}>
      <Suspense fallback={<p className="muted">Loading session…</p>}>
        <SessionThread workspace={workspace} sessionId={sessionId} />
      </Suspense>
    </ThreadErrorBoundary>
  );
}

class ThreadErrorBoundary extends Component<{ children: ReactNode }, { message: string | null }> {
  state = { message: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { message: error instanceof Error ? error.message : String(error) };
  }

  render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div role="alert" className="error" data-testid="thread-error">
        The session view failed: {this.state.message}
      </div>
    );
  }
}
