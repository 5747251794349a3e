// Updates of the workspace's runs: one backend run subscription per
// workspace, fanned out to every listener, since the run list, the open run
// and the spend footer all need the same updates. The semantics are the
// hub's (`shell/eventHub.ts`).
import { subscribeRuns, type RunUpdate } from "../api";
import { createEventHub } from "../shell/eventHub";

const hub = createEventHub<RunUpdate>((workspace, deliver) => subscribeRuns(workspace, deliver));

/** Starts the workspace's subscription once; later calls share the first one's outcome. */
export const startRunUpdates = hub.start;
/** Forgets a workspace's subscription when its tab closes, so opening it again subscribes again. */
export const stopRunUpdates = hub.stop;
/** Listens to a workspace's run updates; returns the function that stops listening. */
export const onRunUpdate = hub.on;
/** For tests: forget every subscription and listener so the next render subscribes again. */
export const resetRunBusForTest = hub.resetForTest;
