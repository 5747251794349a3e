// Pieces shared by every view of an LLM conversation (the pilot chat, an
// orchestrator run's timeline): reasoning, collapsed by default, and a tool
// call with its arguments and result. Each view passes its own test ids.
import { useState, type ReactNode } from "react";
import type { Value } from "../api";
import { LongText } from "../thread/LongText";
import { Markdown } from "../thread/Markdown";
import { firstLine, prettyValue, toolHint } from "../thread/format";
import "./conversation.css";
import { Spinner } from "../shell/Spinner";

export function Reasoning({ text, live, testId }: { text: string; live?: boolean; testId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="reasoning" data-testid={testId} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span className="reasoning-label">{live ? "Reasoning…" : "Reasoning"}</span>
        {!open && <span className="muted"> · {firstLine(text)}</span>}
      </summary>
      {open && <Markdown text={text} />}
    </details>
  );
}

export type ToolCardProps = {
  expandId: string;
  callId: string;
  name: string;
  args: Value;
  output: string | null;
  isError: boolean;
  /** Live only: the call is asked for, or running. */
  state?: "requested" | "running" | "done";
  testId: string;
  resultTestId: string;
  /** Shown after the badges (e.g. a link to the session a call started). */
  extra?: ReactNode;
};

export function ToolCard({ expandId, callId, name, args, output, isError, state, testId, resultTestId, extra }: ToolCardProps) {
  const hint = toolHint(args);
  const argsText = prettyValue(args);
  const pending = state === "requested" || state === "running";
  return (
    <div
      className={`tool-card${isError ? " failed" : ""}`}
      data-testid={testId}
      data-call-id={callId}
      data-tool={name}
      data-state={state ?? "done"}
      data-error={isError ? "true" : undefined}
    >
      <div className="tool-head">
        <span className="tool-kind">tool</span>
        <span className="tool-name">{name}</span>
        {hint && <span className="tool-hint">{hint}</span>}
        {pending && (
          <span className="badge running" role="status">
            <Spinner /> {state === "running" ? "running" : "asked"}
          </span>
        )}
        {isError && <span className="badge failed">error</span>}
        {extra}
      </div>
      {argsText !== "" && argsText !== "null" && argsText !== "{}" && (
        <div className="payload">
          <div className="payload-label">Arguments</div>
          <LongText text={argsText} expandId={`${expandId}:args`} />
        </div>
      )}
      {output !== null ? (
        <div className="payload" data-testid={resultTestId}>
          <div className="payload-label">{isError ? "Error" : "Result"}</div>
          <LongText text={output} expandId={`${expandId}:out`} />
        </div>
      ) : (
        !pending && <p className="muted small tool-unanswered">No result was recorded.</p>
      )}
    </div>
  );
}
