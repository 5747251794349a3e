// The three fields that name a pilot model (provider, model, base URL), shared
// by the new-pilot form, the new-run form's "Custom…" choice and the Pilot
// section of Settings, and the one way a model is put in words.
import type { PilotModel, Provider } from "../api";
import { adapterName } from "../shell/adapterNames";

export const PROVIDERS: Provider[] = ["open_ai_responses", "anthropic", "chat_completions"];

export const BASE_URL_HINTS: Record<Provider, string> = {
  open_ai_responses: "https://api.openai.com/v1 (default)",
  anthropic: "https://api.anthropic.com/v1 (default)",
  chat_completions: "e.g. http://127.0.0.1:11434/v1 for Ollama",
};

/** "gpt-5 · OpenAI Responses · http://…": the model, its provider in words, and its server when not the usual one. */
export function modelWords(model: PilotModel): string {
  return [model.model, adapterName(model.provider), model.base_url].filter(Boolean).join(" · ");
}

/** The fields' text as the backend wants it: trimmed, an empty URL as `null` (the provider's usual one). */
export function modelOf(provider: Provider, model: string, baseUrl: string): PilotModel {
  return { provider, model: model.trim(), base_url: baseUrl.trim() || null };
}

type Props = {
  /** Test ids are `${testIdPrefix}-provider-select`, `-model-input`, `-base-url-input`. */
  testIdPrefix: string;
  provider: Provider;
  model: string;
  baseUrl: string;
  onProvider: (provider: Provider) => void;
  onModel: (model: string) => void;
  onBaseUrl: (baseUrl: string) => void;
  disabled?: boolean;
  modelPlaceholder?: string;
};

export function ModelFields({ testIdPrefix, provider, model, baseUrl, onProvider, onModel, onBaseUrl, disabled, modelPlaceholder }: Props) {
  return (
    <div className="form-row">
      <label>
        Provider
        <select
          data-testid={`${testIdPrefix}-provider-select`}
          value={provider}
          disabled={disabled}
          onChange={(e) => onProvider(e.target.value as Provider)}
        >
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {adapterName(p)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <input
          data-testid={`${testIdPrefix}-model-input`}
          value={model}
          disabled={disabled}
          placeholder={modelPlaceholder ?? "model name"}
          onChange={(e) => onModel(e.target.value)}
        />
      </label>
      <label>
        Base URL
        <input
          data-testid={`${testIdPrefix}-base-url-input`}
          value={baseUrl}
          disabled={disabled}
          placeholder={BASE_URL_HINTS[provider]}
          onChange={(e) => onBaseUrl(e.target.value)}
        />
      </label>
    </div>
  );
}
