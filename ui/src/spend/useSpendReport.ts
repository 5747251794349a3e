// Keeps a workspace's spend report fresh: fetched on mount, every 10 s while
// mounted (turns finish in the background, so spend moves without the user
// doing anything), and on demand. A failed refresh keeps the last report on
// screen beside the error rather than blanking the figures.
import { useCallback, useEffect, useRef, useState } from "react";
import { getSpendReport, type SpendReport } from "../api";

export const REFRESH_MS = 10_000;

export type SpendState = {
  report: SpendReport | null;
  error: string | null;
  loading: boolean;
  refresh: () => void;
};

export function useSpendReport(workspace: string): SpendState {
  const [report, setReport] = useState<SpendReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // Answers to an older request (or for another workspace) are dropped.
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const request = ++latest.current;
    setLoading(true);
    getSpendReport(workspace).then(
      (next) => {
        if (request !== latest.current) return;
        setReport(next);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (request !== latest.current) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
  }, [workspace]);

  useEffect(() => {
    setReport(null);
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(timer);
      latest.current++;
    };
  }, [refresh]);

  return { report, error, loading, refresh };
}
