// The pilot's API keys: where each provider's key comes from, a notice when
// the chosen provider has none, and a small settings dialog. Keys are saved
// in the system keyring, or in a private file when no keyring service runs
// (never in the app's settings, never under the workspace's `.zwarm/`); the
// backend says which, and the dialog says it to the user.
import { useCallback, useEffect, useState } from "react";
import { pilotKeyStatus, setPilotKey, type KeyStatus, type KeyStorage, type Provider } from "../api";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useEscape } from "../thread/useEscape";
import { providerLabel } from "./conversation";
import "./keys.css";

const NOT_IN_WORKSPACE = "never in the workspace's .zwarm/ folder";

/** Where a key saved now is kept, in words (the backend decides: keyring or private file). */
export function storageNote(keys: KeyStatus[] | null): string {
  const storage: KeyStorage | undefined = keys?.[0]?.storage;
  if (!storage) return `It is stored on this computer, ${NOT_IN_WORKSPACE}.`;
  if (storage.kind === "keyring") return `It is stored in the system keyring, ${NOT_IN_WORKSPACE}.`;
  return `It is stored in a private file (no keyring service found): ${storage.path} — ${NOT_IN_WORKSPACE}.`;
}

export function usePilotKeys() {
  const [keys, setKeys] = useState<KeyStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setKeys(await pilotKeyStatus());
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { keys, error, reload };
}

/** Chat Completions servers (Ollama, LM Studio, ...) usually need no key: never flagged. */
export function needsKey(provider: Provider, keys: KeyStatus[] | null): boolean {
  if (provider === "chat_completions" || !keys) return false;
  const status = keys.find((k) => k.provider === provider);
  return !!status && !status.from_env && !status.stored;
}

function KeyField({ provider, onSaved, autoFocus }: { provider: Provider; onSaved: () => void; autoFocus?: boolean }) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  async function save() {
    if (!key.trim()) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await setPilotKey(provider, key.trim());
      setKey("");
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="key-field">
      <input
        type="password"
        data-testid="pilot-key-input"
        aria-label={`API key for ${providerLabel(provider)}`}
        placeholder="Paste the API key"
        autoComplete="off"
        autoFocus={autoFocus}
        value={key}
        onChange={(e) => {
          setKey(e.target.value);
          setSaved(false);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            void save();
          }
        }}
      />
      <button type="button" data-testid="pilot-key-save" disabled={busy || !key.trim()} onClick={() => void save()}>
        {busy ? "Saving…" : "Save key"}
      </button>
      {saved && (
        <span className="muted small" data-testid="pilot-key-saved" role="status">
          Saved.
        </span>
      )}
      {error && (
        <span role="alert" className="error small">
          {error}
        </span>
      )}
    </div>
  );
}

/** Shown when the provider has no key from the environment or the settings. */
export function KeyNotice({ provider, keys, onSaved }: { provider: Provider; keys: KeyStatus[] | null; onSaved: () => void }) {
  if (!needsKey(provider, keys)) return null;
  const envVar = keys?.find((k) => k.provider === provider)?.env_var;
  return (
    <div className="key-notice" role="alert" data-testid="pilot-key-notice">
      <p>
        No API key for {providerLabel(provider)}
        {envVar ? ` (${envVar} is not set)` : ""}. Save one here: {storageNote(keys)}
      </p>
      <KeyField provider={provider} onSaved={onSaved} />
    </div>
  );
}

/** Where the provider's key comes from, in words, or null when the provider is not listed. */
export function keySource(provider: Provider, keys: KeyStatus[] | null): string | null {
  const status = keys?.find((k) => k.provider === provider);
  return status ? sourceOf(status) : null;
}

/** Where the key in force comes from, in words. */
export function sourceOf(status: KeyStatus): string {
  const source = status.source;
  if (source?.kind === "keyring") return "saved in the system keyring";
  if (source?.kind === "file") {
    const moves = status.storage.kind === "keyring" ? " (saving it again moves it to the system keyring)" : " (no keyring service found)";
    return `saved in a private file: ${source.path}${moves}`;
  }
  if (source?.kind === "environment") return `from the environment (${source.var})`;
  if (status.provider === "chat_completions") return "none (most local servers need none)";
  return status.env_var ? `none (set ${status.env_var}, or save one)` : "none";
}

/** Every provider's key: where it comes from, save or forget one (Settings → Keys and the pilot's dialog). */
export function KeyList() {
  const { keys, error, reload } = usePilotKeys();
  const [actionError, setActionError] = useState<string | null>(null);
  async function forget(provider: Provider) {
    try {
      await setPilotKey(provider, null);
      await reload();
    } catch (e) {
      setActionError(messageOf(e));
    }
  }
  return (
    <div data-testid="pilot-key-list">
      <p className="muted small" data-testid="pilot-key-storage">
        {storageNote(keys)} A saved key wins over the environment.
      </p>
      {(error || actionError) && (
        <p role="alert" className="error">
          {error ?? actionError}
        </p>
      )}
      {keys === null && !error && <p className="muted">Loading…</p>}
      <ul className="key-list">
        {(keys ?? []).map((status) => (
          <li key={status.provider} data-testid="pilot-key-row" data-provider={status.provider}>
            <div className="key-row-head">
              <strong>{providerLabel(status.provider)}</strong>
              <span className="muted small" data-testid="pilot-key-source">
                {sourceOf(status)}
              </span>
              {status.stored && (
                <button type="button" className="link small" data-testid="pilot-key-forget" onClick={() => void forget(status.provider)}>
                  Forget the saved key
                </button>
              )}
            </div>
            <KeyField provider={status.provider} onSaved={() => void reload()} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The pilot list's shortcut to the same keys as Settings → Keys. */
export function KeysDialog({ onClose }: { onClose: () => void }) {
  useEscape(onClose);
  return (
    <Dialog title="Pilot API keys" testId="pilot-keys-dialog" onClose={onClose} wide>
      <KeyList />
      <p className="muted small">The same keys are in Settings → Keys.</p>
    </Dialog>
  );
}
