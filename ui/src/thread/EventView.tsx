// One transcript event, drawn by kind. Every kind of AgentEvent has a view;
// one this UI does not know yet is shown as raw JSON rather than dropped.
import { memo, useMemo } from "react";
import type { AgentEvent, FileChange } from "../api";
import { CommandBlock } from "./CommandBlock";
import { useExpanded } from "./expanded";
import { firstLine, prettyValue } from "./format";
import { LongText } from "./LongText";
import { Markdown } from "./Markdown";
import { McpCallView, ToolCallView } from "./ToolCallView";
import { useReviewOpener } from "../review/reviewContext";

type Props = {
  event: AgentEvent;
  expandId: string;
  /** The turn the event belongs to: a file change opens that turn's diff. */
  turn?: number;
};

function Reasoning({ text, expandId }: { text: string; expandId: string }) {
  const [open, setOpen] = useExpanded(expandId);
  const summary = firstLine(text);
  return (
    <details
      className="reasoning"
      data-testid="reasoning"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>
        <span className="reasoning-label">Reasoning</span>
        {summary && !open && <span className="muted"> · {summary}</span>}
      </summary>
      {open && <Markdown text={text} />}
    </details>
  );
}

const CHANGE_MARKS: Record<FileChange["kind"], string> = { add: "+", update: "~", delete: "−" };
const CHANGE_LABELS: Record<FileChange["kind"], string> = { add: "added", update: "updated", delete: "deleted" };

function FileChanges({ event, turn }: { event: Extract<AgentEvent, { kind: "file_change" }>; turn?: number }) {
  const openReview = useReviewOpener();
  const openable = openReview !== null && turn !== undefined && event.status !== "running";
  return (
    <div className="file-changes" data-testid="file-change" data-status={event.status}>
      <div className="tool-head">
        <span className="tool-kind">files</span>
        {event.status !== "completed" && <span className={`badge ${event.status}`}>{event.status}</span>}
      </div>
      <ul>
        {event.changes.map((change, i) => (
          <li key={`${change.path}:${i}`} className={`change-${change.kind}`} data-kind={change.kind}>
            <span className="change-mark" aria-label={CHANGE_LABELS[change.kind]} title={CHANGE_LABELS[change.kind]}>
              {CHANGE_MARKS[change.kind]}
            </span>
            {openable ? (
              <button
                type="button"
                className="link path"
                data-testid="file-change-open"
                title={`What turn ${turn} changed in ${change.path}`}
                onClick={() => openReview({ kind: "turn", turn, path: change.path })}
              >
                {change.path}
              </button>
            ) : (
              <span className="path">{change.path}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TodoList({ event }: { event: Extract<AgentEvent, { kind: "todo_list" }> }) {
  const done = event.items.filter((item) => item.completed).length;
  return (
    <div className="todo-list" data-testid="todo-list">
      <div className="tool-head">
        <span className="tool-kind">to-do</span>
        <span className="muted small">
          {done} of {event.items.length} done
        </span>
      </div>
      <ul>
        {event.items.map((item, i) => (
          <li key={i} className={item.completed ? "done" : undefined}>
            <label>
              <input type="checkbox" checked={item.completed} readOnly disabled /> {item.text}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const EventView = memo(function EventView({ event, expandId, turn }: Props) {
  switch (event.kind) {
    case "user_message":
      return (
        <div className="message user-message" data-testid="user-message">
          {event.text}
        </div>
      );
    case "agent_message":
      return (
        <div className="message agent-message" data-testid="agent-message">
          <Markdown text={event.text} />
        </div>
      );
    case "reasoning":
      return <Reasoning text={event.text} expandId={expandId} />;
    case "command":
      return <CommandBlock event={event} expandId={expandId} />;
    case "file_change":
      return <FileChanges event={event} turn={turn} />;
    case "mcp_call":
      return <McpCallView event={event} expandId={expandId} />;
    case "tool_call":
      return <ToolCallView event={event} expandId={expandId} />;
    case "web_search":
      return (
        <div className="notice web-search" data-testid="web-search" data-status={event.status}>
          <span className="tool-kind">web</span> Searched for <q>{event.query}</q>
          {event.status !== "completed" && <span className={`badge ${event.status}`}>{event.status}</span>}
        </div>
      );
    case "todo_list":
      return <TodoList event={event} />;
    case "error":
      return (
        <div className="notice error-notice" data-testid="error-notice">
          <span aria-hidden="true">⚠</span> {event.message}
        </div>
      );
    case "turn_failed":
      return (
        <div className="turn-failed" data-testid="turn-failed">
          <strong>The turn failed.</strong> {event.message}
        </div>
      );
    case "turn_started":
    case "turn_completed":
      return null;
    default:
      // `unknown` lines carry the raw JSON; a kind newer than this view is shown whole.
      return <UnknownEvent value={event.kind === "unknown" ? event.raw : event} expandId={expandId} />;
  }
});

/** Output the parsers did not recognize, kept verbatim so nothing is dropped silently. */
function UnknownEvent({ value, expandId }: { value: unknown; expandId: string }) {
  const text = useMemo(() => prettyValue(value), [value]);
  return (
    <div className="unknown-event" data-testid="unknown-event">
      <div className="payload-label">Unrecognized output</div>
      <LongText text={text} expandId={`${expandId}:raw`} />
    </div>
  );
}
