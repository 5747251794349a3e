// The workspace's live events (sessions, transcripts, approvals, the folder
// itself): one backend subscription per workspace, fanned out to every
// component that listens, since the session list, the open thread and the
// approvals all need the same events. The semantics are the hub's
// (`shell/eventHub.ts`).
import { subscribe, type EngineEvent } from "../api";
import { createEventHub } from "../shell/eventHub";

const hub = createEventHub<EngineEvent>((workspace, deliver) => subscribe(workspace, deliver));

/** Starts the workspace's subscription once; every caller gets the promise settled when the watcher is in place. */
export const startLive = hub.start;
/** Forgets a workspace's subscription when its tab closes, so opening the folder again subscribes again. */
export const stopLive = hub.stop;
/** Listens to a workspace's live events; returns the function that stops listening. */
export const onLive = hub.on;
/** For tests: deliver an event as if the backend had sent it. */
export const emitForTest = hub.emitForTest;
