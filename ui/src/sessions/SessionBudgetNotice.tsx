// The workspace budget as it bears on a session the user is about to start:
// checked when the New session dialog opens (and again after a refused
// start), shown amber from 80 % and red when `[budget] enforce_on_sessions`
// refuses new sessions, in which case Start is off with the same reason.
import { useCallback, useEffect, useState } from "react";
import { sessionBudget, type SessionBudgetCheck } from "../api";
import { messageOf } from "../shell/errors";

/** The backend's refusal starts "refused: …"; under a heading that says so already, the rest is enough. */
function withoutPrefix(refusal: string): string {
  const rest = refusal.replace(/^refused:\s*/i, "");
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : refusal;
}

export type SessionBudget = {
  /** `null` until the first answer (or when it failed). */
  check: SessionBudgetCheck | null;
  /** Why the budget could not be checked; the backend still checks at start. */
  error: string | null;
  /** Asks again (after a start failed), resolving to the new answer. */
  refresh: () => Promise<SessionBudgetCheck | null>;
};

export function useSessionBudget(workspace: string): SessionBudget {
  const [check, setCheck] = useState<SessionBudgetCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setCheck(null);
    setError(null);
    sessionBudget(workspace).then(
      (answer) => live && setCheck(answer),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  const refresh = useCallback(async () => {
    try {
      const answer = await sessionBudget(workspace);
      setCheck(answer);
      setError(null);
      return answer;
    } catch (e) {
      setError(messageOf(e));
      return null;
    }
  }, [workspace]);

  return { check, error, refresh };
}

export function SessionBudgetNotice({ budget }: { budget: SessionBudget }) {
  const { check, error } = budget;
  if (check?.refusal) {
    return (
      <p role="alert" className="error session-budget-refusal" data-testid="session-budget-refusal">
        <strong>New sessions are refused.</strong> {withoutPrefix(check.refusal)}
      </p>
    );
  }
  if (check?.warning) {
    return (
      <p role="status" className="warning session-budget-warning" data-testid="session-budget-warning">
        Budget: {check.warning}
      </p>
    );
  }
  if (error) {
    return (
      <p className="muted small" data-testid="session-budget-error">
        Could not check the workspace budget ({error}); it is checked again when the session starts.
      </p>
    );
  }
  return null;
}
