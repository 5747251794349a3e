import { useEffect, useState } from "react";
import { createPilot, pilotDefaults, type NewPilotRequest, type PilotMeta, type Provider } from "../api";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useSubmitForm } from "../shell/useSubmitForm";
import { useEscape } from "../thread/useEscape";
import { providerLabel } from "./conversation";
import { KeyNotice, usePilotKeys } from "./keys";
import { BASE_URL_HINTS, PROVIDERS } from "./ModelFields";

type Props = {
  workspace: string;
  onClose: () => void;
  onCreated: (meta: PilotMeta) => void;
};

export function NewPilotDialog({ workspace, onClose, onCreated }: Props) {
  const [name, setName] = useState("");
  const [provider, setProvider] = useState<Provider>("open_ai_responses");
  const [model, setModel] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [trackFiles, setTrackFiles] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const keys = usePilotKeys();
  useEscape(onClose);
  const ready = loaded && model.trim() !== "";
  const { busy, error, setError, formProps } = useSubmitForm({
    ready,
    send: async () => {
      const request: NewPilotRequest = {
        name: name.trim(),
        model: { provider, model: model.trim(), base_url: baseUrl.trim() || null },
        track_files: trackFiles,
      };
      onCreated(await createPilot(workspace, request));
    },
  });

  useEffect(() => {
    let cancelled = false;
    pilotDefaults(workspace)
      .then((defaults) => {
        if (cancelled) return;
        setProvider(defaults.provider);
        setModel(defaults.model);
        setBaseUrl(defaults.base_url ?? "");
        setLoaded(true);
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(`Could not read the workspace's pilot defaults: ${messageOf(e)}`);
        setLoaded(true);
      });
    return () => {
      cancelled = true;
    };
  }, [workspace, setError]);

  const canCreate = ready && !busy;

  return (
    <Dialog title="New pilot" testId="new-pilot-dialog" onClose={onClose} wide>
      <form className="form" {...formProps}>
        <label>
          Name
          <input
            data-testid="pilot-name-input"
            autoFocus
            value={name}
            placeholder="e.g. release prep (optional)"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <div className="form-row">
          <label>
            Provider
            <select data-testid="pilot-provider-select" value={provider} onChange={(e) => setProvider(e.target.value as Provider)}>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {providerLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Model
            <input data-testid="pilot-model-input" value={model} placeholder={loaded ? "model name" : "Loading…"} onChange={(e) => setModel(e.target.value)} />
          </label>
          <label>
            Base URL
            <input
              data-testid="pilot-base-url-input"
              value={baseUrl}
              placeholder={BASE_URL_HINTS[provider]}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          </label>
        </div>
        <label className="checkbox-label">
          <span>
            <input type="checkbox" data-testid="pilot-track-files" checked={trackFiles} onChange={(e) => setTrackFiles(e.target.checked)} />{" "}
            Record the workspace's files with every checkpoint
          </span>
          <span className="muted small">On by default: a snapshot of the files in a private shadow repository beside each checkpoint, so going back can restore them. Never recorded: .zwarm/, .git, what .gitignore leaves out, and files over 10 MiB.</span>
        </label>
        <KeyNotice provider={provider} keys={keys.keys} onSaved={() => void keys.reload()} />
        {error && (
          <p role="alert" className="error" data-testid="new-pilot-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="create-pilot" disabled={!canCreate}>
            {busy ? "Creating…" : "Create pilot"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
