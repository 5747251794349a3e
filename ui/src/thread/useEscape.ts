import { useEffect, useEffectEvent } from "react";

/**
 * Closes a dialog of the thread on Esc. The shell's own Esc handling only
 * knows the shell's dialogs, so the thread's dialogs listen themselves.
 */
export function useEscape(onEscape: () => void): void {
  // An effect event: the listener calls the latest `onEscape` without being added again when it changes.
  const escape = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === "Escape") onEscape();
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => escape(event);
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
