// The views that take the whole width under the header (runs, spend,
// settings), each loaded lazily with its own error boundary.
import { lazy, type ReactNode } from "react";
import type { SessionSummary } from "../api";
import { SlotBoundary } from "./SlotBoundary";

const RunsView = lazy(() => import("../orchestrate/RunsView").then((m) => ({ default: m.RunsView })));
const SpendView = lazy(() => import("../spend/SpendView").then((m) => ({ default: m.SpendView })));
const SettingsView = lazy(() => import("../settings/SettingsView").then((m) => ({ default: m.SettingsView })));

const wide = (content: ReactNode) => <main className="shell-main shell-wide">{content}</main>;

type Props = {
  view: "runs" | "spend" | "settings";
  workspace: string;
  /** The workspace's sessions as the sidebar lists them (live). */
  sessions: SessionSummary[];
  onOpenSession: (id: string) => void;
  /** Shows a pilot (or, `isRun`, an orchestrator run). */
  onOpenPilot: (pilotId: string, isRun: boolean) => void;
};

export function WideSlot({ view, workspace, sessions, onOpenSession, onOpenPilot }: Props) {
  return (
    <SlotBoundary key={`${view}\n${workspace}`} label={`${view} view`} testId={`${view}-view-error`} wrap={wide}>
      {wide(
        view === "runs" ? (
          <RunsView workspace={workspace} sessions={sessions} onOpenSession={onOpenSession} />
        ) : view === "spend" ? (
          <SpendView workspace={workspace} onOpenSession={onOpenSession} onOpenPilot={onOpenPilot} />
        ) : (
          <SettingsView workspace={workspace} />
        ),
      )}
    </SlotBoundary>
  );
}
