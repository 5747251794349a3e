import { useBeat } from "./beat";

/** What a running item shows: a ring that dims on the app's beat (see `beat.ts`). */
export function Spinner() {
  useBeat(true);
  return <span className="spinner" aria-hidden="true" />;
}
