import { useCallback, useEffect, useState } from "react";
import { doctor, type CliReport } from "../api";
import { messageOf } from "../shell/errors";

export type DoctorState =
  | { status: "loading" }
  | { status: "ready"; reports: CliReport[] }
  | { status: "error"; message: string };

/** Where the agent CLIs are, for the workspace (its config may set their paths). */
export function useDoctor(workspace: string | null) {
  const [state, setState] = useState<DoctorState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState({ status: "loading" });
    doctor(workspace)
      .then((reports) => {
        if (!cancelled) setState({ status: "ready", reports });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: "error", message: messageOf(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [workspace, attempt]);

  const recheck = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, recheck };
}

/** True when the doctor looked and found none of the CLIs: the first-run screen shows. */
export function noCliFound(state: DoctorState): boolean {
  return state.status === "ready" && state.reports.length > 0 && state.reports.every((r) => !r.found);
}
