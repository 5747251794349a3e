import { useCallback, useEffect, useRef, useState } from "react";
import { forkSession, type SessionSummary } from "../api";
import { messageOf } from "../shell/errors";

/**
 * "Branch from here": forks the session after a turn (optionally putting the files back as they were
 * after it), one fork at a time, and reports the new session or why not.
 */
export function useFork(workspace: string, sessionId: string, onForked?: (session: SessionSummary) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const branch = useCallback(
    (turn: number, restoreFiles = false) => {
      setBusy(true);
      setError(null);
      forkSession(workspace, sessionId, turn, restoreFiles).then(
        (session) => {
          if (!alive.current) return;
          setBusy(false);
          onForked?.(session);
        },
        (reason: unknown) => {
          if (!alive.current) return;
          setBusy(false);
          setError(messageOf(reason));
        },
      );
    },
    [workspace, sessionId, onForked],
  );
  return { branch, busy, error };
}
