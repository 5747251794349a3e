// The graph's words about executor sessions: those a node touched (details
// panel), and how two nodes' sessions and files differ (Compare).
import type { PilotNode, SessionSnapshot } from "../api";
import { useSessionLinks } from "../pilot/links";
import { formatCost } from "../shell/money";
import type { FilesComparison, SessionDifference } from "./compare";
import { forkOrigin, kindWords, sessionKey, sessionTitle, type SessionChange, type SessionLookup } from "./sessions";

/** The lookup of the workspace's sessions the pilot view provides, if any. */
export function useSessionLookup(): SessionLookup | null {
  return useSessionLinks()?.summary ?? null;
}

/** A session by its title; a button that opens it when the workspace lists it. */
export function SessionName({ id }: { id: string }) {
  const links = useSessionLinks();
  const title = sessionTitle(id, links?.summary);
  if (!links?.summary(id)) {
    return (
      <span className="session-name" title={id}>
        {title}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="link session-name"
      data-testid="node-session-open"
      data-session-id={id}
      title={`Show session ${id.slice(0, 8)} in the Sessions view`}
      onClick={() => links.open(id)}
    >
      {title}
    </button>
  );
}

function Fork({ change }: { change: SessionChange }) {
  const lookup = useSessionLookup();
  const origin = forkOrigin(change, lookup);
  if (!origin) {
    return <span className="muted"> · a fork of {sessionTitle(change.key, lookup)}</span>;
  }
  return (
    <span className="muted" data-testid="node-session-fork">
      {" "}
      · forked from {sessionTitle(origin.id, lookup)} at turn {origin.turn}
    </span>
  );
}

/** The sessions a node's turn touched, each with its turn and status there. */
export function TouchedSessions({ changes }: { changes: SessionChange[] }) {
  if (changes.length === 0) return <p className="muted small">None: no session moved in this turn.</p>;
  return (
    <ul className="node-sessions">
      {changes.map((c) => (
        <li key={c.key} data-testid="node-session" data-session-id={c.snapshot.id} data-kind={c.kind}>
          <SessionName id={c.snapshot.id} /> <span className={`graph-badge session-kind ${c.kind}`}>{kindWords(c.kind)}</span>{" "}
          <span className="muted">turn {c.snapshot.turn}</span> · <span className={`status-text-${c.snapshot.status}`}>{c.snapshot.status}</span>
          {c.kind === "forked" && <Fork change={c} />}
        </li>
      ))}
    </ul>
  );
}

function isFork(snapshot: SessionSnapshot): boolean {
  return snapshot.id !== sessionKey(snapshot);
}

function Side({ snapshot, showSession }: { snapshot: SessionSnapshot | null; showSession: boolean }) {
  const lookup = useSessionLookup();
  if (!snapshot) return <span className="muted">not on this branch</span>;
  const summary = lookup?.(snapshot.id) ?? null;
  return (
    <>
      {showSession && (
        <div>
          {isFork(snapshot) ? "fork " : "original "}
          <span className="path" title={snapshot.id}>
            {snapshot.id.slice(0, 8)}
          </span>
          {summary && <span className="muted"> · {formatCost(summary.cost_usd, summary.unpriced)} spent to date</span>}
        </div>
      )}
      <div>
        {snapshot.status}, turn {snapshot.turn}
      </div>
    </>
  );
}

function differenceWords(d: SessionDifference, a: PilotNode, b: PilotNode): string {
  if (d.kind === "only-a") return `only at ${a.label}`;
  if (d.kind === "only-b") return `only at ${b.label}`;
  const parts: string[] = [];
  if (d.kind === "other-session" && d.a && d.b) {
    const forkA = isFork(d.a);
    const forkB = isFork(d.b);
    if (forkA && forkB) parts.push("each node has its own fork");
    else if (forkB) parts.push(`${b.label} has a fork, ${a.label} the original`);
    else if (forkA) parts.push(`${a.label} has a fork, ${b.label} the original`);
    else parts.push("a different session at each node");
  }
  if (d.a && d.b && d.a.turn !== d.b.turn) parts.push(`turn ${d.a.turn} vs ${d.b.turn}`);
  if (d.a && d.b && d.a.status !== d.b.status) parts.push(`${d.a.status} vs ${d.b.status}`);
  return parts.join("; ");
}

/** The sessions that stand differently at two nodes, or that they stand the same. */
export function CompareSessions({ a, b, sessions }: { a: PilotNode; b: PilotNode; sessions: SessionDifference[] }) {
  if (sessions.length === 0) {
    return (
      <p className="muted small" data-testid="compare-sessions-same">
        {a.sessions.length === 0 ? "Neither node has executor sessions." : "The executor sessions stand the same at both nodes."}
      </p>
    );
  }
  return (
    <table className="compare-sessions" data-testid="compare-sessions">
      <thead>
        <tr>
          <th>session</th>
          <th>at {a.label}</th>
          <th>at {b.label}</th>
          <th>difference</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((d) => {
          const showSession = d.kind === "other-session";
          return (
            <tr key={d.key} data-testid="compare-session-row" data-session-id={d.key} data-kind={d.kind}>
              <td>
                <SessionName id={d.key} />
              </td>
              <td>
                <Side snapshot={d.a} showSession={showSession} />
              </td>
              <td>
                <Side snapshot={d.b} showSession={showSession} />
              </td>
              <td data-testid="compare-session-difference">{differenceWords(d, a, b)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What the two file snapshots' ids say, and no more. */
export function CompareFiles({ a, b, files }: { a: PilotNode; b: PilotNode; files: FilesComparison }) {
  let text: string;
  if (files.kind === "same") {
    text = `The same file snapshot at both nodes (${files.commit.slice(0, 7)}): the files are the same.`;
  } else if (files.kind === "different") {
    text =
      `Different file snapshots: ${files.a.slice(0, 7)} at ${a.label}, ${files.b.slice(0, 7)} at ${b.label} ` +
      "(they may still hold the same files); a file-by-file comparison is not available yet.";
  } else {
    const missing = [!files.a && a.label, !files.b && b.label].filter(Boolean).join(" and ");
    text = `Files were not recorded at ${missing}: nothing to compare.`;
  }
  return (
    <p className="small" data-testid="compare-files" data-kind={files.kind}>
      {text}
    </p>
  );
}
