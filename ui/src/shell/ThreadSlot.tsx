// Where the selected session's thread goes. The thread view lives in
// src/thread; it is loaded lazily so the shell draws first, and fetched soon
// after (`preloadThread`) so that opening a session does not wait for its code.
import { lazy } from "react";
import type { SessionSummary } from "../api";
import { SlotBoundary } from "./SlotBoundary";

let threadCode: Promise<typeof import("../thread/SessionThread")> | null = null;

/** Starts loading the thread view's code, once; a later open finds it ready. */
export function preloadThread() {
  threadCode ??= import("../thread/SessionThread").catch((error: unknown) => {
    // Not kept: the next open tries again.
    threadCode = null;
    throw error;
  });
  return threadCode;
}

const SessionThread = lazy(() => preloadThread().then((module) => ({ default: module.SessionThread })));

type Props = { workspace: string; sessionId: string; onForked?: (session: SessionSummary) => void };

export function ThreadSlot({ workspace, sessionId, onForked }: Props) {
  return (
    <SlotBoundary key={`${workspace}\n${sessionId}`} label="session view" testId="thread-error">
      <SessionThread workspace={workspace} sessionId={sessionId} onForked={onForked} />
    </SlotBoundary>
  );
}
