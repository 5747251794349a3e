// What the graph shows about the selected node, with its actions; and the
// comparison of two nodes.
import { useState } from "react";
import type { PilotNode } from "../api";
import { formatTokens } from "../sessions/format";
import { formatCost, formatUsd, UNPRICED } from "../shell/money";
import { Markdown } from "../thread/Markdown";
import { firstLine } from "../thread/format";
import type { Spend } from "../pilot/conversation";
import type { Comparison } from "./compare";
import { nodeCost, type PartCost } from "./cost";
import { RestoreFiles } from "./RestoreFiles";
import { sessionChanges } from "./sessions";
import { CompareFiles, CompareSessions, TouchedSessions } from "./SessionViews";

type DetailsProps = {
  workspace: string;
  pilotId: string;
  node: PilotNode;
  parent: PilotNode | undefined;
  current: boolean;
  tip: boolean;
  branchName: string | null;
  /** The name given at this very node (what "Name branch" edits). */
  ownName: string;
  busy: boolean;
  /** Why the actions are off, when they are. */
  busyReason: string | null;
  onGoHere: () => void;
  onBranchHere: () => void;
  onNameBranch: (name: string) => Promise<void>;
  onCompare: () => void;
  onClose: () => void;
  /** Files were restored: a backup node was recorded. */
  onRestored: () => void;
};

export function NodeDetails(props: DetailsProps) {
  const { node, current, tip, busy } = props;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState(props.ownName);
  const [saving, setSaving] = useState(false);
  const changes = sessionChanges(node, props.parent);
  const cost = nodeCost(node);

  async function saveName() {
    setSaving(true);
    try {
      await props.onNameBranch(name);
      setNaming(false);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="node-details" data-testid="node-details" data-node-id={node.id}>
      <div className="node-details-head">
        <strong>{node.label}</strong>
        {current && <span className="graph-badge current-badge">current</span>}
        {tip && <span className="graph-badge tip-badge">branch tip</span>}
        {props.branchName && <span className="graph-badge branch-badge">{props.branchName}</span>}
        {node.stopped && <span className="badge stopped">stopped</span>}
        <span className="header-spacer" />
        <button type="button" className="icon-button" aria-label="Close the details" onClick={props.onClose}>
          ×
        </button>
      </div>
      <div className="node-actions">
        <button type="button" data-testid="node-go-here" disabled={busy || current} title={props.busyReason ?? "Make this the current node"} onClick={props.onGoHere}>
          Go here
        </button>
        <button type="button" data-testid="node-branch-here" disabled={busy} title={props.busyReason ?? "Continue from this node in a new branch"} onClick={props.onBranchHere}>
          Branch from here
        </button>
        <button type="button" data-testid="node-name-branch" onClick={() => setNaming((v) => !v)}>
          Name branch
        </button>
        <button type="button" data-testid="node-compare" title="Then click a second node" onClick={props.onCompare}>
          Compare…
        </button>
        {node.files_commit && (
          <RestoreFiles
            workspace={props.workspace}
            pilot={props.pilotId}
            nodeId={node.id}
            label={node.label}
            onRestored={props.onRestored}
          />
        )}
      </div>
      {naming && (
        <form
          className="node-name-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveName();
          }}
        >
          <input
            data-testid="node-branch-name-input"
            aria-label="Branch name"
            autoFocus
            value={name}
            placeholder="Name of the branch through this node (empty removes it)"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" data-testid="node-branch-name-save" disabled={saving}>
            Save
          </button>
        </form>
      )}
      <div className="node-section">
        <div className="payload-label">Message</div>
        <div className="node-message" data-testid="node-message">
          {node.message || <span className="muted">(none)</span>}
        </div>
      </div>
      <div className="node-section">
        <div className="payload-label">Reply</div>
        <div className="node-reply" data-testid="node-reply">
          {node.reply ? <Markdown text={node.reply} /> : <span className="muted">(none)</span>}
        </div>
      </div>
      <div className="node-section">
        <div className="payload-label">Sessions touched</div>
        <TouchedSessions changes={changes} />
      </div>
      <div className="node-section node-cost" data-testid="node-cost">
        <div data-testid="node-cost-pilot">
          pilot {formatTokens(cost.pilot.tokens)} tok · <PartText part={cost.pilot} none={formatUsd(0)} />
        </div>
        <div data-testid="node-cost-executor">
          executors {formatTokens(cost.executor.tokens)} tok · <PartText part={cost.executor} none="none" />
        </div>
        {cost.unpriced && (
          <div className="muted small" data-testid="node-cost-total">
            total {cost.card}: the unpriced part has no price in the table, so no dollar figure
          </div>
        )}
        <div className="muted small">
          {node.model} · context {formatTokens(node.context_tokens ?? 0)} tok
        </div>
      </div>
    </div>
  );
}

/** One part's cost; unpriced tokens marked, never shown as $0. */
function PartText({ part, none }: { part: PartCost; none: string }) {
  if (!part.priced) return <span className="spend-unpriced unpriced">{UNPRICED}</span>;
  return <>{part.text ?? none}</>;
}

/** Pilot and executors together: what one side cost after the split. */
function spent(spend: Spend): string {
  return `${formatCost(spend.pilotCost + spend.executorCost, spend.pilotUnpriced || spend.executorUnpriced)} spent`;
}

function Side({ title, nodes, testSide }: { title: string; nodes: PilotNode[]; testSide: "a" | "b" }) {
  return (
    <div className="compare-side" data-testid="compare-side" data-side={testSide}>
      <div className="payload-label">{title}</div>
      {nodes.length === 0 ? (
        <p className="muted small">Nothing after the common ancestor.</p>
      ) : (
        <ol>
          {nodes.map((n) => (
            <li key={n.id} data-label={n.label}>
              <strong>{n.label}</strong> <span className="compare-message">{firstLine(n.message, 100)}</span>
              <div className="muted small">{firstLine(n.reply, 140)}</div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function CompareView({ comparison, onClose }: { comparison: Comparison; onClose: () => void }) {
  const { a, b, ancestor, sessions } = comparison;
  return (
    <div className="node-details compare-view" data-testid="compare-view">
      <div className="node-details-head">
        <strong>
          {a.label} vs {b.label}
        </strong>
        <span className="header-spacer" />
        <button type="button" className="icon-button" aria-label="Close the comparison" onClick={onClose}>
          ×
        </button>
      </div>
      <p data-testid="compare-ancestor">
        {ancestor ? (
          <>
            Common ancestor: <strong>{ancestor.label}</strong> <span className="muted">{firstLine(ancestor.message, 80)}</span>
          </>
        ) : (
          "No common ancestor: the two conversations began separately."
        )}
      </p>
      <div className="compare-sides">
        <Side title={`${a.label}'s side · ${spent(comparison.spendA)}`} nodes={comparison.sideA} testSide="a" />
        <Side title={`${b.label}'s side · ${spent(comparison.spendB)}`} nodes={comparison.sideB} testSide="b" />
      </div>
      <div className="node-section">
        <div className="payload-label">Executor sessions</div>
        <CompareSessions a={a} b={b} sessions={sessions} />
      </div>
      <div className="node-section">
        <div className="payload-label">Files</div>
        <CompareFiles a={a} b={b} files={comparison.files} />
      </div>
    </div>
  );
}
