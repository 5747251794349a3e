// Where a race's comparison goes in the main area. Its code (the diff viewer
// and its highlighter) is loaded only when a race is opened.
import { lazy } from "react";
import type { SessionSummary } from "../api";
import { SlotBoundary } from "../shell/SlotBoundary";

const RaceView = lazy(() => import("./RaceView").then((module) => ({ default: module.RaceView })));

type Props = { workspace: string; raceId: string; sessions: SessionSummary[]; onOpenSession: (id: string) => void };

export function RaceSlot({ workspace, raceId, sessions, onOpenSession }: Props) {
  return (
    <SlotBoundary key={`${workspace}\n${raceId}`} label="race" testId="race-slot-error">
      <RaceView workspace={workspace} raceId={raceId} sessions={sessions} onOpenSession={onOpenSession} />
    </SlotBoundary>
  );
}
