// How a file change deep in the thread opens its diff without every row
// taking a callback prop: the thread provides the opener, the rows read it.
import { createContext, useContext } from "react";
import type { ReviewTarget } from "./ReviewDialog";

export const ReviewContext = createContext<((target: ReviewTarget) => void) | null>(null);

/** The thread's diff opener, or null outside a thread (then paths are plain text). */
export function useReviewOpener(): ((target: ReviewTarget) => void) | null {
  return useContext(ReviewContext);
}

/**
 * Whether a path an agent reported (often absolute, in its own folder) names
 * the file of a diff (relative to the compared folder).
 */
export function samePath(reported: string, relative: string): boolean {
  const a = reported.replace(/\\/g, "/");
  return a === relative || a.endsWith(`/${relative}`);
}
