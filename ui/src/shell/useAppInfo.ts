import { useEffect, useState } from "react";
import { getAppInfo, signalUiReady, type AppInfo } from "../api";

export type AppInfoState =
  | { status: "loading" }
  | { status: "ready"; info: AppInfo }
  | { status: "error"; message: string };

/** Loads the app info once, then tells the backend the UI is up. */
export function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>({ status: "loading" });
  useEffect(() => {
    let cancelled = false;
    getAppInfo()
      .then((info) => {
        if (cancelled) return;
        setState({ status: "ready", info });
        void signalUiReady().catch(() => undefined);
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: "error", message: String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}
