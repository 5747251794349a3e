// One backend stream per key (a workspace), fanned out to every listener of
// that key. The backend keeps a single subscriber per workspace and stream (a
// second subscribe replaces the first), so components must never subscribe
// on their own: they listen here, and whoever needs the stream running starts
// it here. `live/bus.ts` (sessions' live events) and `orchestrate/runBus.ts`
// (run updates) are the two instances; both behave alike because both are
// this code:
//
// - `start(key)` opens the key's stream once. Every caller, while it opens and
//   after, gets the same promise, settled when the backend's side is in place.
//   A stream that failed to open is forgotten, so the next `start` tries again.
// - `stop(key)` forgets the key's stream (its tab closed: the backend dropped
//   it), so the next `start` opens a new one. Whatever the old stream still
//   delivers is dropped, so a stopped or replaced stream can never speak for
//   the key. Listeners stay: they belong to mounted components, which remove
//   themselves.
// - `on(key, listener)` listens whether or not the stream runs yet (listen
//   first, then start, so nothing sent in between is missed).
// - A listener that throws does not keep the event from the others: its error
//   is reported asynchronously, as `EventTarget` does.

/** Opens the backend stream of `key`, handing each event to `deliver`; resolves once it is in place. */
export type OpenStream<E> = (key: string, deliver: (event: E) => void) => Promise<void>;

export type EventHub<E> = {
  start(key: string): Promise<void>;
  stop(key: string): void;
  /** Listens to `key`'s events; returns the function that stops listening. */
  on(key: string, listener: (event: E) => void): () => void;
  /** For tests: deliver an event to `key`'s listeners as if its stream had sent it. */
  emitForTest(key: string, event: E): void;
  /** For tests: forget every stream and listener, so the next render starts afresh. */
  resetForTest(): void;
};

/** One opening of a key's stream; events of an opening that is no longer the key's are dropped. */
type Stream = { ready: Promise<void> };

export function createEventHub<E>(open: OpenStream<E>): EventHub<E> {
  const listeners = new Map<string, Set<(event: E) => void>>();
  const streams = new Map<string, Stream>();

  function dispatch(key: string, event: E) {
    const set = listeners.get(key);
    if (!set) return;
    // A copy: a listener that stops or starts listening while the event is
    // handed out changes who hears the next event, not this one.
    for (const listener of [...set]) {
      if (!set.has(listener)) continue;
      try {
        listener(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  function start(key: string): Promise<void> {
    const known = streams.get(key);
    if (known) return known.ready;
    const stream: Stream = { ready: Promise.resolve() };
    // In place before `open` runs, so an event it delivers at once is not dropped.
    streams.set(key, stream);
    const deliver = (event: E) => {
      if (streams.get(key) === stream) dispatch(key, event);
    };
    try {
      stream.ready = open(key, deliver);
    } catch (error) {
      stream.ready = Promise.reject(error);
    }
    stream.ready.catch(() => {
      if (streams.get(key) === stream) streams.delete(key);
    });
    return stream.ready;
  }

  function stop(key: string): void {
    streams.delete(key);
  }

  function on(key: string, listener: (event: E) => void): () => void {
    let set = listeners.get(key);
    if (!set) {
      set = new Set();
      listeners.set(key, set);
    }
    set.add(listener);
    const mine = set;
    return () => {
      mine.delete(listener);
      if (mine.size === 0 && listeners.get(key) === mine) listeners.delete(key);
    };
  }

  return {
    start,
    stop,
    on,
    emitForTest: dispatch,
    resetForTest() {
      listeners.clear();
      streams.clear();
    },
  };
}
