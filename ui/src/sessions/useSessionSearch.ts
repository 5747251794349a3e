// The sidebar's search: the backend finds the sessions whose title, prompts
// or messages hold every word typed (it reads what the list does not carry).
// Asked once the typing pauses, and again when sessions come or go.
import { useEffect, useState } from "react";
import { searchSessions } from "../api";
import { messageOf } from "../shell/errors";

export const SEARCH_DELAY_MS = 200;

export type SessionSearch = {
  /** The ids that match, or null when nothing is searched (or the answer is not in yet). */
  matches: Set<string> | null;
  error: string | null;
};

export function useSessionSearch(workspace: string, query: string, sessionCount: number): SessionSearch {
  const [result, setResult] = useState<SessionSearch>({ matches: null, error: null });
  const trimmed = query.trim();
  useEffect(() => {
    if (!trimmed) {
      setResult({ matches: null, error: null });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      searchSessions(workspace, trimmed).then(
        (ids) => live && setResult({ matches: new Set(ids), error: null }),
        (e: unknown) => live && setResult({ matches: null, error: messageOf(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [workspace, trimmed, sessionCount]);
  return trimmed ? result : { matches: null, error: null };
}
