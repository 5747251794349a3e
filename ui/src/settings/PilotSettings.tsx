// The workspace's pilot defaults, the `[pilot]` table of .zwarm/config.toml:
// provider, model and base URL that new pilots and runs start from (existing
// pilots keep their own). The keys themselves are in Settings → Keys; a
// notice here says when the chosen provider has none.
import { useEffect, useState, type FormEvent } from "react";
import { pilotDefaults, setPilotDefaults, type Provider } from "../api";
import { KeyNotice, usePilotKeys } from "../pilot/keys";
import { ModelFields, modelOf, modelWords } from "../pilot/ModelFields";
import { messageOf } from "../shell/errors";
import "./spendSettings.css";

export function PilotSettings({ workspace }: { workspace: string }) {
  const [loaded, setLoaded] = useState(false);
  const [provider, setProvider] = useState<Provider>("open_ai_responses");
  const [model, setModel] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = usePilotKeys();

  useEffect(() => {
    let live = true;
    setLoaded(false);
    pilotDefaults(workspace).then(
      (defaults) => {
        if (!live) return;
        setProvider(defaults.provider);
        setModel(defaults.model);
        setBaseUrl(defaults.base_url ?? "");
        setLoaded(true);
      },
      (e: unknown) => live && setError(`Could not read [pilot] in .zwarm/config.toml: ${messageOf(e)}`),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (model.trim() === "") return setError("Type the model the pilot should use (for example gpt-5.5).");
    setError(null);
    setBusy(true);
    try {
      const written = await setPilotDefaults(workspace, modelOf(provider, model, baseUrl));
      setProvider(written.provider);
      setModel(written.model);
      setBaseUrl(written.base_url ?? "");
      setSaved(modelWords(written));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="spend-settings" data-testid="pilot-settings">
      <p className="muted small">
        The model new pilots and runs start from ([pilot] in .zwarm/config.toml). Pilots that exist keep the model they
        were created with. Leave the base URL empty for the provider's usual server.
      </p>
      <form className="form" onSubmit={submit} noValidate>
        <ModelFields
          testIdPrefix="settings-pilot"
          provider={provider}
          model={model}
          baseUrl={baseUrl}
          onProvider={(p) => {
            setProvider(p);
            setSaved(null);
          }}
          onModel={(m) => {
            setModel(m);
            setSaved(null);
          }}
          onBaseUrl={(u) => {
            setBaseUrl(u);
            setSaved(null);
          }}
          disabled={!loaded}
          modelPlaceholder={loaded ? "model name" : "Loading…"}
        />
        {error && (
          <p role="alert" className="error small" data-testid="pilot-settings-error">
            {error}
          </p>
        )}
        {saved && (
          <p className="muted small" data-testid="pilot-settings-saved">
            Saved to .zwarm/config.toml: new pilots and runs use {saved}.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!loaded || busy} data-testid="pilot-settings-save">
            {busy ? "Saving…" : "Save pilot defaults"}
          </button>
        </div>
      </form>
      {loaded && <KeyNotice provider={provider} keys={keys.keys} onSaved={() => void keys.reload()} />}
    </section>
  );
}
