// A lazily loaded view's frame: a fallback while its code loads, and an
// error boundary so a failing view shows its message instead of blanking the
// window.
import { Component, Suspense, type ReactNode } from "react";
import { messageOf } from "./errors";

type Props = { label: string; testId: string; children: ReactNode; wrap?: (content: ReactNode) => ReactNode };

export function SlotBoundary({ label, testId, children, wrap = (content) => content }: Props) {
  return (
    <ViewErrorBoundary label={label} testId={testId} wrap={wrap}>
      <Suspense fallback={wrap(<p className="muted">Loading the {label}…</p>)}>{children}</Suspense>
    </ViewErrorBoundary>
  );
}

type BoundaryProps = { label: string; testId: string; wrap: (content: ReactNode) => ReactNode; children: ReactNode };

class ViewErrorBoundary extends Component<BoundaryProps, { message: string | null }> {
  state = { message: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { message: messageOf(error) };
  }

  render() {
    if (this.state.message === null) return this.props.children;
    return this.props.wrap(
      <div role="alert" className="error" data-testid={this.props.testId}>
        The {this.props.label} failed: {this.state.message}
      </div>,
    );
  }
}
