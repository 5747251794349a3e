// The form that edits one price (or adds a new one). Every price is per
// million tokens and must be a number >= 0; a prefix is required because it
// is what model names are matched against.
import { useState, type FormEvent } from "react";
import type { PriceEntry } from "../api";
import { parseRequiredAmount } from "./amounts";

type Props = {
  /** The row being edited; null to add a new price. */
  initial: PriceEntry | null;
  saving: boolean;
  onSave: (entry: PriceEntry) => void;
  onCancel: () => void;
};

const PRICE_FIELDS = [
  { key: "input", label: "Input" },
  { key: "cached_input", label: "Cached input" },
  { key: "cache_write", label: "Cache write" },
  { key: "output", label: "Output" },
] as const;

type PriceKey = (typeof PRICE_FIELDS)[number]["key"];

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function PriceForm({ initial, saving, onSave, onCancel }: Props) {
  const [prefix, setPrefix] = useState(initial?.prefix ?? "");
  const [prices, setPrices] = useState<Record<PriceKey, string>>(() => ({
    input: String(initial?.input ?? ""),
    cached_input: String(initial?.cached_input ?? ""),
    cache_write: String(initial?.cache_write ?? (initial ? "" : "0")),
    output: String(initial?.output ?? ""),
  }));
  const [asOf, setAsOf] = useState(initial?.as_of ?? today());
  const [source, setSource] = useState(initial?.source ?? "");
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (prefix.trim() === "") return setError("The model prefix is required.");
    const entry: PriceEntry = {
      prefix: prefix.trim(),
      input: 0,
      cached_input: 0,
      cache_write: 0,
      output: 0,
      as_of: asOf.trim(),
      source: source.trim(),
    };
    for (const field of PRICE_FIELDS) {
      const parsed = parseRequiredAmount(`${field.label} price`, prices[field.key]);
      if (!parsed.ok) return setError(parsed.error);
      entry[field.key] = parsed.value;
    }
    setError(null);
    onSave(entry);
  };

  return (
    <form className="price-form" data-testid="price-form" onSubmit={submit} noValidate>
      <label>
        Model prefix
        <input
          name="prefix"
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
          readOnly={initial !== null}
          placeholder="gpt-5"
        />
      </label>
      {PRICE_FIELDS.map((field) => (
        <label key={field.key}>
          {field.label} ($ / 1M)
          <input
            name={field.key}
            inputMode="decimal"
            value={prices[field.key]}
            onChange={(e) => setPrices({ ...prices, [field.key]: e.target.value })}
          />
        </label>
      ))}
      <label>
        As of
        <input name="as_of" value={asOf} onChange={(e) => setAsOf(e.target.value)} placeholder="2026-01-31" />
      </label>
      <label>
        Source
        <input name="source" value={source} onChange={(e) => setSource(e.target.value)} placeholder="https://…" />
      </label>
      {error && (
        <p role="alert" className="error small" data-testid="price-form-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving} data-testid="price-save">
          Save price
        </button>
      </div>
    </form>
  );
}
