// The pieces of a step in the timeline: the message injected before the LLM
// call, the LLM's text (Markdown) and reasoning (collapsed), tool calls with
// their results, and the watchers' interventions, which are drawn loudly
// because they are how a run is steered (or paused, or ended) on its own.
import { useState } from "react";
import type { Intervention, Value } from "../api";
import { LongText } from "../thread/LongText";
import { Markdown } from "../thread/Markdown";
import { firstLine, prettyValue, toolHint } from "../thread/format";
import type { MessageSource, StepRow, ToolState } from "./timeline";

const SOURCE_LABELS: Record<MessageSource, string> = {
  task: "Task",
  watchers: "From the watchers",
  nudge: "Nudge",
};

export function InjectedMessage({ text, source }: { text: string; source: MessageSource }) {
  return (
    <div className={`run-injected run-injected-${source}`} data-testid="run-injected" data-source={source}>
      <div className="run-injected-label">{SOURCE_LABELS[source]}</div>
      <div className="run-injected-text">{text}</div>
    </div>
  );
}

export function LlmText({ text, live }: { text: string; live?: boolean }) {
  return (
    <div className="message run-text" data-testid="run-text" data-live={live ? "true" : undefined}>
      <Markdown text={text} />
    </div>
  );
}

export function Reasoning({ text, live }: { text: string; live?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="reasoning" data-testid="run-reasoning" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="reasoning-label">{live ? "Reasoning…" : "Reasoning"}</span>
        {!open && <span className="muted"> · {firstLine(text)}</span>}
      </summary>
      {open && <Markdown text={text} />}
    </details>
  );
}

type ToolProps = {
  expandId: string;
  callId: string;
  name: string;
  args: Value;
  output: string | null;
  isError: boolean;
  state: ToolState;
};

export function ToolCall({ expandId, callId, name, args, output, isError, state }: ToolProps) {
  const hint = toolHint(args);
  const argsText = prettyValue(args);
  const pending = state !== "done";
  return (
    <div
      className={`tool-card${isError ? " failed" : ""}`}
      data-testid="run-tool-call"
      data-call-id={callId}
      data-tool={name}
      data-state={state}
      data-error={isError ? "true" : undefined}
    >
      <div className="tool-head">
        <span className="tool-kind">tool</span>
        <span className="tool-name">{name}</span>
        {hint && <span className="tool-hint">{hint}</span>}
        {pending && (
          <span className="badge running" role="status">
            <span className="spinner" aria-hidden="true" /> {state === "running" ? "running" : "asked"}
          </span>
        )}
        {isError && <span className="badge failed">error</span>}
      </div>
      {argsText !== "" && argsText !== "null" && argsText !== "{}" && (
        <div className="payload">
          <div className="payload-label">Arguments</div>
          <LongText text={argsText} expandId={`${expandId}:args`} />
        </div>
      )}
      {output !== null ? (
        <div className="payload" data-testid="run-tool-result">
          <div className="payload-label">{isError ? "Error" : "Result"}</div>
          <LongText text={output} expandId={`${expandId}:out`} />
        </div>
      ) : (
        !pending && <p className="muted small run-unanswered">No result was recorded.</p>
      )}
    </div>
  );
}

const ACTION_LABELS: Record<Intervention["action"], string> = {
  message: "told the LLM",
  pause: "paused the run",
  stop: "stopped the run",
};

export function InterventionCard({ intervention }: { intervention: Intervention }) {
  return (
    <div
      className={`run-intervention run-intervention-${intervention.action}`}
      data-testid="run-intervention"
      data-watcher={intervention.watcher}
      data-action={intervention.action}
      role="note"
    >
      <div className="run-intervention-head">
        <span className="run-intervention-watcher">watcher {intervention.watcher}</span>
        <span className="run-intervention-action">{ACTION_LABELS[intervention.action]}</span>
      </div>
      <div className="run-intervention-reason" data-testid="run-intervention-reason">
        {intervention.reason}
      </div>
      {intervention.action === "message" && intervention.message.trim() !== "" && (
        <div className="run-intervention-message muted small">“{intervention.message}”</div>
      )}
    </div>
  );
}

export function StepRowView({ row }: { row: StepRow }) {
  switch (row.kind) {
    case "text":
      return <LlmText text={row.text} />;
    case "reasoning":
      return <Reasoning text={row.text} />;
    case "tool":
      return (
        <ToolCall
          expandId={row.key}
          callId={row.callId}
          name={row.name}
          args={row.arguments}
          output={row.output}
          isError={row.isError}
          state={row.state}
        />
      );
  }
}
