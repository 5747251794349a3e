import { useEffect, useRef } from "react";

/**
 * Closes a dialog of the thread on Esc. The shell's own Esc handling only
 * knows the shell's dialogs, so the thread's dialogs listen themselves.
 */
export function useEscape(onEscape: () => void): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") latest.current();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
