// One backend run subscription per workspace, fanned out to every listener:
// the run list and the open run both need the same updates, and the backend
// keeps a single subscriber per workspace (a second subscribe replaces the
// first), so components must never subscribe on their own.
import { subscribeRuns, type RunUpdate } from "../api";

type Listener = (update: RunUpdate) => void;

const listeners = new Map<string, Set<Listener>>();
const started = new Map<string, Promise<void>>();

/** Starts the workspace's subscription once; later calls share the first one's outcome. */
export function startRunUpdates(workspace: string): Promise<void> {
  let pending = started.get(workspace);
  if (!pending) {
    pending = subscribeRuns(workspace, (update) => {
      for (const listener of listeners.get(workspace) ?? []) listener(update);
    });
    started.set(workspace, pending);
    pending.catch(() => started.delete(workspace));
  }
  return pending;
}

/** Forgets a workspace's subscription when its tab closes, so opening it again subscribes again. */
export function stopRunUpdates(workspace: string): void {
  started.delete(workspace);
}

/** Listens to a workspace's run updates; returns the function that stops listening. */
export function onRunUpdate(workspace: string, listener: Listener): () => void {
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

/** For tests: forget every subscription so the next render subscribes again. */
export function resetRunBusForTest(): void {
  listeners.clear();
  started.clear();
}
