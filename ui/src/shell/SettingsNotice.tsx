// Said once when the app's settings file could not be read: the backend kept
// it aside (never overwrote it) and this banner names where, so nothing the
// user had there is lost without a word.
import { useState } from "react";

export function SettingsNotice({ notice }: { notice: string | null }) {
  const [dismissed, setDismissed] = useState(false);
  if (!notice || dismissed) return null;
  return (
    <div role="alert" className="error banner" data-testid="settings-notice">
      {notice}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        ×
      </button>
    </div>
  );
}
