// The sessions or pilots that cost most, each a button that opens it.
import type { SpendGroup } from "../api";
import { formatTokens } from "../sessions/format";
import { formatTotalsCost, plural, totalsTokens, unpricedNote } from "./format";

type Props = {
  title: string;
  groups: SpendGroup[];
  /** `[id, display name]` pairs from the report; ids without one are shown as such. */
  names: [string, string][];
  testId: string;
  rowTestId: string;
  /** The data attribute carrying the row's id (`data-session-id`, `data-pilot-id`). */
  idAttribute: "data-session-id" | "data-pilot-id";
  emptyText: string;
  onOpen: (id: string) => void;
};

export function TopList({ title, groups, names, testId, rowTestId, idAttribute, emptyText, onOpen }: Props) {
  const nameOf = new Map(names);
  return (
    <section className="spend-top" data-testid={testId}>
      <h3 className="section-title">{title}</h3>
      {groups.length === 0 ? (
        <p className="muted small">{emptyText}</p>
      ) : (
        <ol className="spend-top-list">
          {groups.map((g) => {
            const unpriced = unpricedNote(g.totals);
            return (
              <li key={g.key}>
                <button
                  type="button"
                  className="spend-top-row"
                  data-testid={rowTestId}
                  {...{ [idAttribute]: g.key }}
                  onClick={() => onOpen(g.key)}
                >
                  <span className="spend-top-name">{nameOf.get(g.key) ?? g.key}</span>
                  <span className="spend-top-cost">{formatTotalsCost(g.totals)}</span>
                  <span className="muted small">
                    {formatTokens(totalsTokens(g.totals))} tokens · {plural(g.totals.turns, "turn")}
                    {unpriced && <span className="spend-unpriced"> · {unpriced}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
