// Asks once whether to trust what this folder's .zwarm/config.toml asks for
// (a program to run, CLI flags that may switch the sandbox off, variables
// agents may keep). Until trusted, none of it applies and new turns are
// refused; the answer is kept in the user's own settings, not the folder.
import { useCallback, useEffect, useState } from "react";
import { trustWorkspace, workspaceTrust, type Untrusted } from "../api";
import { messageOf } from "../shell/errors";

type Props = { workspace: string };

export function TrustBanner({ workspace }: Props) {
  const [untrusted, setUntrusted] = useState<Untrusted | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setDismissed(false);
    workspaceTrust(workspace)
      .then((answer) => live && setUntrusted(answer))
      .catch(() => live && setUntrusted(null));
    return () => {
      live = false;
    };
  }, [workspace]);

  const trust = useCallback(async () => {
    if (!untrusted) return;
    setBusy(true);
    setError(null);
    try {
      await trustWorkspace(workspace, untrusted.fingerprint);
      setUntrusted(null);
    } catch (e) {
      setError(messageOf(e));
      setUntrusted(await workspaceTrust(workspace).catch(() => untrusted));
    } finally {
      setBusy(false);
    }
  }, [workspace, untrusted]);

  if (!untrusted || dismissed) return null;
  return (
    <div role="alertdialog" aria-labelledby="trust-title" className="trust-banner" data-testid="trust-banner">
      <p id="trust-title">
        <strong>This folder’s .zwarm/config.toml asks for settings that need your trust.</strong> Until you trust them,
        they do not apply and new agent turns are refused.
      </p>
      <ul className="trust-wants">
        {untrusted.wants.settings.map((line) => (
          <li key={line}>
            <code>{line}</code>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      <div className="trust-actions">
        <button type="button" className="danger" onClick={trust} disabled={busy}>
          Trust these settings
        </button>
        <button type="button" onClick={() => setDismissed(true)}>
          Not now
        </button>
      </div>
    </div>
  );
}
