// Budgets of individual pilots, which win over the default pilot budget. Each
// row saves on its own, since a pilot's budget lives in its `pilot.json`
// rather than in the workspace config.
import { useEffect, useState } from "react";
import { listPilots, setPilotBudget, type PilotMeta } from "../api";
import { messageOf } from "../shell/errors";
import { amountText, parseOptionalAmount } from "./amounts";

export function PilotBudgets({ workspace }: { workspace: string }) {
  const [pilots, setPilots] = useState<PilotMeta[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listPilots(workspace).then(
      (list) => live && setPilots(list.map((p) => p.meta)),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  if (error) {
    return (
      <p role="alert" className="error small">
        Could not list the pilots: {error}
      </p>
    );
  }
  if (!pilots || pilots.length === 0) return null;
  return (
    <div className="pilot-budgets" data-testid="pilot-budgets">
      <p className="muted small">Individual pilots (empty: the default above)</p>
      {pilots.map((p) => (
        <PilotBudgetRow key={p.id} workspace={workspace} pilot={p} />
      ))}
    </div>
  );
}

function PilotBudgetRow({ workspace, pilot }: { workspace: string; pilot: PilotMeta }) {
  const [text, setText] = useState(amountText(pilot.budget_usd));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const save = async () => {
    const parsed = parseOptionalAmount(`The budget of ${pilot.name}`, text);
    if (!parsed.ok) return setMessage({ error: true, text: parsed.error });
    try {
      await setPilotBudget(workspace, pilot.id, parsed.value);
      setMessage({ error: false, text: "Saved." });
    } catch (e) {
      setMessage({ error: true, text: messageOf(e) });
    }
  };

  return (
    <div className="pilot-budget-row" data-testid="pilot-budget-row" data-pilot-id={pilot.id}>
      <label>
        <span>
          {pilot.name}{" "}
          <span className="muted small" title={pilot.id}>
            {pilot.id.slice(0, 8)} · created {pilot.created_at.slice(0, 10)}
          </span>
        </span>
        <input inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} placeholder="default" />
      </label>
      <button type="button" onClick={save}>
        Save
      </button>
      {message && (
        <span className={message.error ? "error small" : "muted small"} role={message.error ? "alert" : undefined}>
          {message.text}
        </span>
      )}
    </div>
  );
}
