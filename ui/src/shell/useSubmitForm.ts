// What the New dialogs (session, pilot, run, race) share about sending their
// form: a busy state that refuses a second send while one is on its way, the
// error shown in the dialog (the backend's own message, written for the
// user), and Ctrl/Cmd+Enter sending from any field, the task's textarea
// included (where Enter alone is a new line).
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { messageOf } from "./errors";

type Options = {
  /** Whether the form may be sent now (fields filled, nothing refused); the hook adds "not already sending". */
  ready: boolean;
  /** A problem with what was typed, shown on send instead of sending (null when there is none). */
  problem?: string | null;
  /** Sends the form; throws (a `BackendError`) to have its message shown. */
  send: () => Promise<void>;
  /** After a failed send, once its message is shown: a budget checked again, a list read again. */
  onFailed?: () => unknown;
};

export type SubmitForm = {
  busy: boolean;
  error: string | null;
  /** For the dialog's own errors (a default that could not be read). */
  setError: (error: string | null) => void;
  submit: (event?: FormEvent) => Promise<void>;
  /** Spread on the `<form>`. */
  formProps: { onSubmit: (event: FormEvent) => void; onKeyDown: (event: KeyboardEvent) => void };
};

/**
 * One send at a time. A send that succeeds leaves the form busy: the dialog
 * closes on it (its `onStarted`), and must not be sent twice meanwhile.
 */
export function useSubmitForm({ ready, problem = null, send, onFailed }: Options): SubmitForm {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // State is a render late: two sends in one tick (Enter, then Ctrl+Enter) would both see `busy` false.
  const sending = useRef(false);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!ready || sending.current) return;
    if (problem) {
      setError(problem);
      return;
    }
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (e) {
      sending.current = false;
      setError(messageOf(e));
      setBusy(false);
      await onFailed?.();
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    void submit();
  }

  return { busy, error, setError, submit, formProps: { onSubmit: (event) => void submit(event), onKeyDown } };
}
