import { useEffect, useRef } from "react";

export type ShortcutHandlers = {
  onNewSession: () => void;
  onQuickSwitcher: () => void;
  onEscape: () => void;
};

/** Ctrl+N (⌘N) new session, Ctrl+K (⌘K) quick switcher, Esc closes dialogs. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const withModifier = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      const key = event.key.toLowerCase();
      if (withModifier && key === "n") {
        event.preventDefault();
        latest.current.onNewSession();
      } else if (withModifier && key === "k") {
        event.preventDefault();
        latest.current.onQuickSwitcher();
      } else if (event.key === "Escape") {
        latest.current.onEscape();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
