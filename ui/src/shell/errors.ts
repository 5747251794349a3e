// What the UI says when something it asked for failed. Every api function
// throws a `BackendError` whose message the backend wrote for the user, so
// the message alone is shown (no "Error:" prefix); anything else that was
// thrown is put in words as it is.

/** The words to show for a caught error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
