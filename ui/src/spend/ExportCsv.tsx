// Exports every turn's spend as CSV through the native save dialog, then says
// where the file went. A cancelled dialog leaves nothing behind.
import { useState } from "react";
import { exportSpendCsv } from "../api";
import { messageOf } from "../shell/errors";

export function ExportCsv({ workspace }: { workspace: string }) {
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setWritten(null);
    try {
      setWritten(await exportSpendCsv(workspace));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="spend-export">
      <button type="button" data-testid="spend-export-csv" onClick={run} disabled={busy}>
        Export CSV…
      </button>
      {written && (
        <span className="muted small" data-testid="spend-export-result">
          Written to <span className="path">{written}</span>
        </span>
      )}
      {error && (
        <span className="error small" role="alert">
          Export failed: {error}
        </span>
      )}
    </span>
  );
}
