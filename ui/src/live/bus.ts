// One live subscription per workspace, fanned out to every component that
// listens: the session list and the open thread both need the same events.
import { subscribe, type EngineEvent } from "../api";

type Listener = (event: EngineEvent) => void;

const listeners = new Map<string, Set<Listener>>();
const started = new Map<string, Promise<void>>();

/**
 * Starts the backend subscription of a workspace once; every caller gets the
 * same promise, settled when the backend's watcher is in place.
 */
export function startLive(workspace: string): Promise<void> {
  let pending = started.get(workspace);
  if (!pending) {
    pending = subscribe(workspace, (event) => {
      for (const listener of listeners.get(workspace) ?? []) listener(event);
    });
    started.set(workspace, pending);
    pending.catch(() => started.delete(workspace));
  }
  return pending;
}

/**
 * Forgets a workspace's subscription when its tab closes: the backend drops
 * its watcher then, so opening the folder again must subscribe again.
 */
export function stopLive(workspace: string): void {
  started.delete(workspace);
}

/** Listens to a workspace's live events; returns the function that stops listening. */
export function onLive(workspace: string, listener: Listener): () => void {
  let set = listeners.get(workspace);
  if (!set) {
    set = new Set();
    listeners.set(workspace, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/** For tests: deliver an event as if the backend had sent it. */
export function emitForTest(workspace: string, event: EngineEvent): void {
  for (const listener of listeners.get(workspace) ?? []) listener(event);
}
