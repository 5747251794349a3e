// Find in a thread: the backend says which events hold the words (in the
// whole transcript, not only the loaded pages); next and previous walk them,
// loading earlier pages as a hit needs them.
import { useCallback, useEffect, useMemo, useState } from "react";
import { findInSession, type EventHit } from "../api";
import { messageOf } from "../shell/errors";
import { eventKey } from "./rows";

export const FIND_DELAY_MS = 200;

export type Find = {
  open: boolean;
  query: string;
  hits: EventHit[];
  /** Index into `hits` of the current one. */
  current: number;
  error: string | null;
  searching: boolean;
  /** The row to bring into view, and a nonce that changes on every jump. */
  reveal: { key: string; nonce: number } | null;
  show: () => void;
  close: () => void;
  setQuery: (query: string) => void;
  step: (by: 1 | -1) => void;
};

export function useFind(workspace: string, sessionId: string, loadThrough: (offset: number) => Promise<void>): Find {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<EventHit[]>([]);
  const [current, setCurrent] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const words = query.trim();
    if (!open || !words) {
      setHits([]);
      setSearching(false);
      return;
    }
    let live = true;
    setSearching(true);
    const timer = setTimeout(() => {
      findInSession(workspace, sessionId, words).then(
        (found) => {
          if (!live) return;
          setHits(found);
          setError(null);
          setSearching(false);
          // Start at the last hit: the newest, nearest the open bottom.
          setCurrent(Math.max(0, found.length - 1));
          setNonce((n) => n + 1);
        },
        (e: unknown) => {
          if (!live) return;
          setError(messageOf(e));
          setSearching(false);
        },
      );
    }, FIND_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [open, query, workspace, sessionId]);

  const hit = hits[current];
  useEffect(() => {
    if (hit) void loadThrough(hit.offset).catch((e: unknown) => setError(messageOf(e)));
  }, [hit, loadThrough]);

  const step = useCallback(
    (by: 1 | -1) => {
      if (hits.length === 0) return;
      setCurrent((i) => (i + by + hits.length) % hits.length);
      setNonce((n) => n + 1);
    },
    [hits.length],
  );

  const show = useCallback(() => setOpen(true), []);
  const close = useCallback(() => {
    setOpen(false);
    setQuery("");
  }, []);
  const reveal = useMemo(() => (open && hit ? { key: eventKey(hit), nonce } : null), [open, hit, nonce]);

  return { open, query, hits, current, error, searching, reveal, show, close, setQuery, step };
}
