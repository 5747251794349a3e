// The sessions or pilots that cost most, each a button that opens it. A
// session that was deleted keeps its spend (the ledger `.zwarm/spend.jsonl`
// still counts it): its row stays, with its title and a "deleted" badge, and
// opens nothing.
import type { SpendGroup } from "../api";
import { formatTokens } from "../sessions/format";
import { formatTotalsCost, plural, totalsTokens, unpricedNote } from "./format";

type Props = {
  title: string;
  groups: SpendGroup[];
  /** `[id, display name]` pairs from the report; ids without one are shown as such. */
  names: [string, string][];
  /** Ids whose session (or pilot) no longer exists; their spend still counts. */
  deleted?: string[];
  testId: string;
  rowTestId: string;
  /** The data attribute carrying the row's id (`data-session-id`, `data-pilot-id`). */
  idAttribute: "data-session-id" | "data-pilot-id";
  emptyText: string;
  onOpen: (id: string) => void;
};

const DELETED_HINT = "This session was deleted; what it cost stays counted in the spend";

export function TopList({ title, groups, names, deleted, testId, rowTestId, idAttribute, emptyText, onOpen }: Props) {
  const nameOf = new Map(names);
  const gone = new Set(deleted ?? []);
  return (
    <section className="spend-top" data-testid={testId}>
      <h3 className="section-title">{title}</h3>
      {groups.length === 0 ? (
        <p className="muted small">{emptyText}</p>
      ) : (
        <ol className="spend-top-list">
          {groups.map((g) => {
            const unpriced = unpricedNote(g.totals);
            const isDeleted = gone.has(g.key);
            const content = (
              <>
                <span className="spend-top-name">
                  {nameOf.get(g.key) ?? g.key}
                  {isDeleted && (
                    <span className="spend-deleted-badge" data-testid="spend-deleted">
                      deleted
                    </span>
                  )}
                </span>
                <span className="spend-top-cost">{formatTotalsCost(g.totals)}</span>
                <span className="muted small">
                  {formatTokens(totalsTokens(g.totals))} tokens
                  {unpriced && (
                    <span className="spend-unpriced" data-testid="spend-top-unpriced">
                      , {unpriced}
                    </span>
                  )}{" "}
                  · {plural(g.totals.turns, "turn")}
                </span>
              </>
            );
            const attributes = { "data-testid": rowTestId, "data-deleted": isDeleted ? "true" : undefined, [idAttribute]: g.key };
            return (
              <li key={g.key}>
                {isDeleted ? (
                  <div className="spend-top-row deleted" title={DELETED_HINT} {...attributes}>
                    {content}
                  </div>
                ) : (
                  <button type="button" className="spend-top-row" {...attributes} onClick={() => onOpen(g.key)}>
                    {content}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
