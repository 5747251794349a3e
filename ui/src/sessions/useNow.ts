import { useEffect, useState } from "react";

/**
 * The current time, taken again at the moment `nextChange(now)` names (ms
 * since the epoch), so what is shown from it stays true. When it names none
 * (`null`) no timer runs: a window where nothing changes is never woken.
 */
export function useNow(nextChange: (now: number) => number | null): number {
  const [now, setNow] = useState(() => Date.now());
  const at = nextChange(now);
  useEffect(() => {
    if (at === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, at - Date.now()));
    return () => clearTimeout(timer);
  }, [at, now]);
  return now;
}
