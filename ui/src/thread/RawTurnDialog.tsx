// A turn's raw JSONL as the CLI printed it: for debugging what the parser made of it.
import { useEffect, useState } from "react";
import { rawTurn } from "../api";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useEscape } from "./useEscape";

/** Characters drawn at most: a long turn's file can be many megabytes. */
export const RAW_SHOWN_CHARS = 1_000_000;

type Props = { workspace: string; sessionId: string; turn: number; onClose: () => void };

type Raw = { text: string } | { error: string } | null;

export function RawTurnDialog({ workspace, sessionId, turn, onClose }: Props) {
  const [raw, setRaw] = useState<Raw>(null);
  useEscape(onClose);

  useEffect(() => {
    let cancelled = false;
    setRaw(null);
    rawTurn(workspace, sessionId, turn)
      .then((text) => !cancelled && setRaw({ text }))
      .catch((error: unknown) => !cancelled && setRaw({ error: messageOf(error) }));
    return () => {
      cancelled = true;
    };
  }, [workspace, sessionId, turn]);

  return (
    <Dialog title={`Turn ${turn}: raw CLI output`} testId="raw-turn-dialog" onClose={onClose} wide>
      {raw === null && <p className="muted">Loading…</p>}
      {raw && "error" in raw && (
        <p role="alert" className="error">
          Could not read the turn's output: {raw.error}
        </p>
      )}
      {raw && "text" in raw && (
        <>
          {raw.text === "" && <p className="muted">The CLI printed nothing in this turn.</p>}
          {raw.text.length > RAW_SHOWN_CHARS && (
            <p className="muted small">
              Showing the first {RAW_SHOWN_CHARS.toLocaleString()} of {raw.text.length.toLocaleString()} characters.
            </p>
          )}
          {raw.text !== "" && (
            <pre className="raw-turn" data-testid="raw-turn-text">
              {raw.text.slice(0, RAW_SHOWN_CHARS)}
            </pre>
          )}
        </>
      )}
    </Dialog>
  );
}
