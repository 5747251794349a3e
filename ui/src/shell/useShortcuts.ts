import { useEffect, useEffectEvent } from "react";

export type ShortcutHandlers = {
  onNewSession: () => void;
  onQuickSwitcher: () => void;
  onEscape: () => void;
};

/** Ctrl+N (⌘N) new session, Ctrl+K (⌘K) quick switcher, Esc closes dialogs. */
export function useShortcuts(handlers: ShortcutHandlers): void {
  // An effect event: the one window listener calls the latest handlers without being added again.
  const handle = useEffectEvent((event: KeyboardEvent) => {
    const withModifier = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
    const key = event.key.toLowerCase();
    if (withModifier && key === "n") {
      event.preventDefault();
      handlers.onNewSession();
    } else if (withModifier && key === "k") {
      event.preventDefault();
      handlers.onQuickSwitcher();
    } else if (event.key === "Escape") {
      handlers.onEscape();
    }
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => handle(event);
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
