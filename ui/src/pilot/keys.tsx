// The pilot's API keys: where each provider's key comes from, a notice when
// the chosen provider has none, and a small settings dialog. Keys are saved
// in the app's settings store (never under the workspace's `.zwarm/`).
import { useCallback, useEffect, useState } from "react";
import { pilotKeyStatus, setPilotKey, type KeyStatus, type Provider } from "../api";
import { Dialog } from "../shell/Dialog";
import { useEscape } from "../thread/useEscape";
import { providerLabel } from "./conversation";

export const KEY_STORAGE_NOTE = "It is stored in the app's settings on this computer, never in the workspace's .zwarm/ folder.";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  async function save() {
    if (!key.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await setPilotKey(provider, key.trim());
      setKey("");
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
        onChange={(e) => setKey(e.target.value)}
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
        {envVar ? ` (${envVar} is not set)` : ""}. Save one here: {KEY_STORAGE_NOTE}
      </p>
      <KeyField provider={provider} onSaved={onSaved} />
    </div>
  );
}

function sourceOf(status: KeyStatus): string {
  if (status.stored) return "saved in the app's settings";
  if (status.from_env) return status.env_var ? `from the environment (${status.env_var} or ZWARM_PILOT_API_KEY)` : "from the environment";
  if (status.provider === "chat_completions") return "none (most local servers need none)";
  return status.env_var ? `none (set ${status.env_var}, or save one)` : "none";
}

/** Every provider's key: where it comes from, save or forget one. */
export function KeysDialog({ onClose }: { onClose: () => void }) {
  const { keys, error, reload } = usePilotKeys();
  const [actionError, setActionError] = useState<string | null>(null);
  useEscape(onClose);
  async function forget(provider: Provider) {
    try {
      await setPilotKey(provider, null);
      await reload();
    } catch (e) {
      setActionError(messageOf(e));
    }
  }
  return (
    <Dialog title="Pilot API keys" testId="pilot-keys-dialog" onClose={onClose} wide>
      <p className="muted small">{KEY_STORAGE_NOTE} A saved key wins over the environment.</p>
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
              <span className="muted small">{sourceOf(status)}</span>
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
    </Dialog>
  );
}
