// Where the selected session's thread goes. The thread view lives in
// src/thread; it is loaded lazily so the shell draws first.
import { lazy } from "react";
import type { SessionSummary } from "../api";
import { SlotBoundary } from "./SlotBoundary";

const SessionThread = lazy(() =>
  import("../thread/SessionThread").then((module) => ({ default: module.SessionThread })),
);

type Props = { workspace: string; sessionId: string; onForked?: (session: SessionSummary) => void };

export function ThreadSlot({ workspace, sessionId, onForked }: Props) {
  return (
    <SlotBoundary key={`${workspace}\n${sessionId}`} label="session view" testId="thread-error">
      <SessionThread workspace={workspace} sessionId={sessionId} onForked={onForked} />
    </SlotBoundary>
  );
}
