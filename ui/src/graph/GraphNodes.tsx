// The graph's node kinds for React Flow: a pilot turn, and the Start pseudo-node.
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { PilotNode } from "../api";
import { firstLine } from "../thread/format";
import type { NodeCost } from "./cost";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";
import { countChanges, describeChanges, type SessionChange, type SessionChangeKind } from "./sessions";

export type TurnNodeData = {
  node: PilotNode;
  current: boolean;
  tip: boolean;
  onPath: boolean;
  selected: boolean;
  /** Waiting for the second node of a comparison, or part of the one shown. */
  comparing: boolean;
  branchName: string | null;
  cost: NodeCost;
  /** The executor sessions this turn started, continued, forked or ended. */
  sessions: SessionChange[];
};

export type StartNodeData = { current: boolean; selected: boolean; roots: number };

export type TurnFlowNode = Node<TurnNodeData, "turn">;
export type StartFlowNode = Node<StartNodeData, "start">;
export type FlowNode = TurnFlowNode | StartFlowNode;

const handleStyle = { opacity: 0, pointerEvents: "none" as const };

/** Short marks for the card; the words are in its title. */
const KIND_MARKS: Record<SessionChangeKind, string> = { started: "+", continued: "↻", forked: "⑂", status: "•" };

function SessionCounts({ changes }: { changes: SessionChange[] }) {
  if (changes.length === 0) return null;
  return (
    <div className="graph-node-sessions" data-testid="graph-node-sessions" title={describeChanges(changes)}>
      {countChanges(changes).map(({ kind, count }) => (
        <span key={kind} className={`session-count ${kind}`} data-testid="graph-node-session-count" data-kind={kind}>
          {KIND_MARKS[kind]}
          {count} {kind === "status" ? "status" : kind}
        </span>
      ))}
    </div>
  );
}

export const TurnNode = memo(function TurnNode({ data }: NodeProps<TurnFlowNode>) {
  const { node, current, tip, onPath, selected, comparing, branchName, cost, sessions } = data;
  const classes = ["graph-node"];
  if (current) classes.push("current");
  if (onPath) classes.push("on-path");
  if (selected) classes.push("selected");
  if (comparing) classes.push("comparing");
  if (node.stopped) classes.push("stopped");
  return (
    <div
      className={classes.join(" ")}
      data-testid="graph-node"
      data-node-id={node.id}
      data-label={node.label}
      data-current={current ? "true" : "false"}
      data-tip={tip ? "true" : "false"}
      data-selected={selected ? "true" : "false"}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      title={node.message}
    >
      <Handle type="target" position={Position.Top} style={handleStyle} isConnectable={false} />
      <div className="graph-node-top">
        <span className="graph-node-label">{node.label}</span>
        {current && <span className="graph-badge current-badge">current</span>}
        {tip && !current && (
          <span className="graph-badge tip-badge" data-testid="graph-tip">
            tip
          </span>
        )}
        {branchName && (
          <span className="graph-badge branch-badge" data-testid="graph-branch-name" title={`Branch: ${branchName}`}>
            {branchName}
          </span>
        )}
        <span
          className={`graph-node-cost${cost.unpriced ? " unpriced" : ""}`}
          data-testid="graph-node-cost"
          title={cost.unpriced ? `${cost.detail}: the unpriced part is not in the figure` : cost.detail}
        >
          {cost.card}
        </span>
      </div>
      <div className="graph-node-message">{node.kind === "backup" ? "(files backup)" : firstLine(node.message, 60) || "(empty)"}</div>
      <SessionCounts changes={sessions} />
      <Handle type="source" position={Position.Bottom} style={handleStyle} isConnectable={false} />
    </div>
  );
});

export const StartNode = memo(function StartNode({ data }: NodeProps<StartFlowNode>) {
  return (
    <div
      className={`graph-start${data.current ? " current" : ""}${data.selected ? " selected" : ""}`}
      data-testid="graph-start"
      data-current={data.current ? "true" : "false"}
      title="The start: a message sent from here begins a new conversation"
    >
      Start
      <Handle type="source" position={Position.Bottom} style={handleStyle} isConnectable={false} />
    </div>
  );
});

export const nodeTypes = { turn: TurnNode, start: StartNode };
