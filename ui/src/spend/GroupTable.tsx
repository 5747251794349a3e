// A table of grouped spend (by day, model, adapter): the readable fallback
// beside each chart, for screen readers and for exact figures.
import type { SpendGroup } from "../api";
import { formatTokens } from "../sessions/format";
import { formatTotalsCost, totalsTokens } from "./format";

type Props = {
  groups: SpendGroup[];
  /** Heading of the key column ("Day", "Model", "Adapter"). */
  keyLabel: string;
  caption: string;
  testId?: string;
  className?: string;
  /** How a key reads (adapter ids as words); the key itself by default. */
  formatKey?: (key: string) => string;
};

export function GroupTable({ groups, keyLabel, caption, testId, className, formatKey }: Props) {
  if (groups.length === 0) return <p className="muted small">Nothing spent yet.</p>;
  return (
    <table className={`spend-table ${className ?? ""}`} data-testid={testId}>
      <caption className="spend-caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col">Cost</th>
          <th scope="col">Tokens</th>
          <th scope="col" title="Part of the tokens beside it, left out of the cost">
            Of which unpriced
          </th>
          <th scope="col">Turns</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key} data-testid="spend-group-row" data-key={g.key}>
            <th scope="row">{formatKey ? formatKey(g.key) : g.key}</th>
            <td>{formatTotalsCost(g.totals)}</td>
            <td>{formatTokens(totalsTokens(g.totals))}</td>
            <td className={g.totals.unpriced_tokens > 0 ? "spend-unpriced" : "muted"}>
              {g.totals.unpriced_tokens > 0 ? formatTokens(g.totals.unpriced_tokens) : "–"}
            </td>
            <td>{g.totals.turns}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
