// The one beat of everything that shows work going on: running status dots
// and spinners dim on it (`html[data-beat]` in styles.css). A CSS animation
// would do the same but WebKit services it every frame, for every dot on
// screen: a quarter of a core with 8 sessions running. This beat costs one
// style change a second, and runs only while something on screen runs.
import { useEffect } from "react";

export const BEAT_MS = 1000;

let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

/** Keeps the beat going while `active` (a running item is on screen). */
export function useBeat(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    users += 1;
    if (timer === null) {
      timer = setInterval(() => document.documentElement.toggleAttribute("data-beat"), BEAT_MS);
    }
    return () => {
      users -= 1;
      if (users === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
        document.documentElement.removeAttribute("data-beat");
      }
    };
  }, [active]);
}
