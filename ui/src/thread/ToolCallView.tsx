// Tool calls: MCP server tools and the CLI's own tools (Claude's Read, Grep,
// Task, ...), with their arguments and what came back.
import { useMemo } from "react";
import type { AgentEvent, Value } from "../api";
import { prettyValue, toolHint } from "./format";
import { LongText } from "./LongText";
import { Spinner } from "../shell/Spinner";

type McpCall = Extract<AgentEvent, { kind: "mcp_call" }>;
type ToolCall = Extract<AgentEvent, { kind: "tool_call" }>;

function StatusBadge({ status }: { status: McpCall["status"] }) {
  if (status === "completed") return null;
  return (
    <span className={`badge ${status}`} role={status === "running" ? "status" : undefined}>
      {status === "running" && <Spinner />} {status}
    </span>
  );
}

function Payload({ label, value, expandId }: { label: string; value: Value; expandId: string }) {
  const text = useMemo(() => prettyValue(value), [value]);
  if (text === "" || text === "null") return null;
  return (
    <div className="payload">
      <div className="payload-label">{label}</div>
      <LongText text={text} expandId={expandId} />
    </div>
  );
}

export function McpCallView({ event, expandId }: { event: McpCall; expandId: string }) {
  return (
    <div className={`tool-card${event.error ? " failed" : ""}`} data-testid="mcp-call" data-status={event.status}>
      <div className="tool-head">
        <span className="tool-kind">MCP</span>
        <span className="tool-name">
          {event.server} · {event.tool}
        </span>
        <StatusBadge status={event.status} />
      </div>
      <Payload label="Arguments" value={event.arguments} expandId={`${expandId}:args`} />
      {event.error !== null ? (
        <div className="tool-error" data-testid="tool-error">
          {event.error}
        </div>
      ) : (
        event.result !== null && <Payload label="Result" value={event.result} expandId={`${expandId}:result`} />
      )}
    </div>
  );
}

export function ToolCallView({ event, expandId }: { event: ToolCall; expandId: string }) {
  const hint = toolHint(event.input);
  return (
    <div
      className={`tool-card${event.is_error ? " failed" : ""}`}
      data-testid="tool-call"
      data-status={event.status}
      data-error={event.is_error ? "true" : undefined}
    >
      <div className="tool-head">
        <span className="tool-kind">tool</span>
        <span className="tool-name">{event.name}</span>
        {hint && <span className="tool-hint">{hint}</span>}
        <StatusBadge status={event.status} />
        {event.is_error && <span className="badge failed">error</span>}
      </div>
      <Payload label="Input" value={event.input} expandId={`${expandId}:input`} />
      {event.output !== null && (
        <Payload label={event.is_error ? "Error" : "Output"} value={event.output} expandId={`${expandId}:output`} />
      )}
    </div>
  );
}
