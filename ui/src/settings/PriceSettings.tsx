// The price table behind every cost estimate: the built-in prices plus the
// workspace's own (`.zwarm/pricing.toml`), which can be edited, added and
// removed here. New turns are priced with a change at once; a model with no
// matching prefix stays unpriced (its tokens are counted, not its dollars).
import { useCallback, useEffect, useState } from "react";
import { getPriceTable, removePrice, setPrice, type PriceEntry, type PriceTableView } from "../api";
import { messageOf } from "../shell/errors";
import { formatPrice } from "../shell/money";
import { PriceForm } from "./PriceForm";
import "./spendSettings.css";

export type PriceSettingsProps = { workspace: string };

/** Which form is open: none, a new price, or the row with this prefix. */
type Editing = { kind: "none" } | { kind: "new" } | { kind: "edit"; entry: PriceEntry };

export function PriceSettings({ workspace }: PriceSettingsProps) {
  const [table, setTable] = useState<PriceTableView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setTable(await getPriceTable(workspace));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [workspace]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      after?.();
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const save = (entry: PriceEntry) => run(() => setPrice(workspace, entry), () => setEditing({ kind: "none" }));
  const remove = (prefix: string) => run(() => removePrice(workspace, prefix));
  const overridden = new Set(table?.overridden ?? []);

  return (
    <section className="spend-settings" data-testid="price-settings">
      <p className="muted small">Prices in US dollars per million tokens.</p>
      {error && (
        <p role="alert" className="error" data-testid="price-error">
          {error}
        </p>
      )}
      {!table && !error && <p className="muted">Loading the price table…</p>}
      {table && (
        <table className="settings-table">
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Input</th>
              <th scope="col">Cached input</th>
              <th scope="col">Cache write</th>
              <th scope="col">Output</th>
              <th scope="col">As of</th>
              <th scope="col">Source</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.entries.map((entry) => {
              const isOverride = overridden.has(entry.prefix);
              return (
                <tr
                  key={entry.prefix}
                  data-testid="price-row"
                  data-prefix={entry.prefix}
                  data-overridden={isOverride}
                  className={isOverride ? "overridden" : undefined}
                >
                  <th scope="row">
                    {entry.prefix}
                    {isOverride && <span className="override-tag small"> workspace</span>}
                  </th>
                  <td>{formatPrice(entry.input)}</td>
                  <td>{formatPrice(entry.cached_input)}</td>
                  <td>{formatPrice(entry.cache_write)}</td>
                  <td>{formatPrice(entry.output)}</td>
                  <td>{entry.as_of}</td>
                  <td className="settings-source" title={entry.source}>
                    {entry.source}
                  </td>
                  <td className="settings-actions">
                    <button type="button" onClick={() => setEditing({ kind: "edit", entry })} disabled={busy}>
                      Edit
                    </button>
                    {isOverride && (
                      <button type="button" onClick={() => remove(entry.prefix)} disabled={busy} data-testid="price-remove">
                        Remove override
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing.kind === "none" ? (
        <div className="form-actions">
          <button type="button" onClick={() => setEditing({ kind: "new" })} data-testid="price-add">
            Add a price
          </button>
        </div>
      ) : (
        <PriceForm
          key={editing.kind === "edit" ? editing.entry.prefix : "new"}
          initial={editing.kind === "edit" ? editing.entry : null}
          saving={busy}
          onSave={save}
          onCancel={() => setEditing({ kind: "none" })}
        />
      )}
    </section>
  );
}
