// The pieces of the pilot chat: messages, replies (Markdown), reasoning
// (collapsed), tool calls with their results, and each turn's footer.
import { memo, useState } from "react";
import type { PilotNode, Value } from "../api";
import { formatTokens } from "../sessions/format";
import { firstLine, prettyValue, toolHint } from "../thread/format";
import { LongText } from "../thread/LongText";
import { Markdown } from "../thread/Markdown";
import { chatRows, formatUsd, sessionOfCall, tokens, type ChatRow } from "./conversation";
import { SessionLink } from "./links";

export function UserMessage({ text }: { text: string }) {
  return (
    <div className="message user-message" data-testid="pilot-message">
      {text}
    </div>
  );
}

export function Reply({ text, live }: { text: string; live?: boolean }) {
  return (
    <div className="message pilot-reply" data-testid="pilot-reply" data-live={live ? "true" : undefined}>
      <Markdown text={text} />
    </div>
  );
}

export function Reasoning({ text, live }: { text: string; live?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="reasoning" data-testid="pilot-reasoning" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
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
  /** Live turns only: the call is asked for, or running. */
  state?: "requested" | "running" | "done";
};

export function ToolCall({ expandId, callId, name, args, output, isError, state }: ToolProps) {
  const hint = toolHint(args);
  const session = sessionOfCall({ arguments: args, output, isError });
  const argsText = prettyValue(args);
  const pending = state === "requested" || state === "running";
  return (
    <div
      className={`tool-card${isError ? " failed" : ""}`}
      data-testid="pilot-tool-call"
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
            <span className="spinner" aria-hidden="true" /> {state === "running" ? "running" : "asked"}
          </span>
        )}
        {isError && <span className="badge failed">error</span>}
        {session && <SessionLink id={session} />}
      </div>
      {argsText !== "" && argsText !== "null" && argsText !== "{}" && (
        <div className="payload">
          <div className="payload-label">Arguments</div>
          <LongText text={argsText} expandId={`${expandId}:args`} />
        </div>
      )}
      {output !== null ? (
        <div className="payload" data-testid="pilot-tool-result">
          <div className="payload-label">{isError ? "Error" : "Result"}</div>
          <LongText text={output} expandId={`${expandId}:out`} />
        </div>
      ) : (
        !pending && <p className="muted small tool-unanswered">No result was recorded.</p>
      )}
    </div>
  );
}

function Row({ row }: { row: ChatRow }) {
  switch (row.kind) {
    case "user":
      return <UserMessage text={row.text} />;
    case "assistant":
      return <Reply text={row.text} />;
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
        />
      );
    case "orphan_result":
      return (
        <ToolCall expandId={row.key} callId={row.callId} name="(result)" args={null} output={row.output} isError={row.isError} />
      );
  }
}

export function TurnFooter({ node }: { node: PilotNode }) {
  const pilotTokens = tokens(node.pilot_usage);
  const executorTokens = tokens(node.executor_usage);
  return (
    <div className="pilot-turn-footer" data-testid="pilot-turn-footer">
      <span className="turn-label">{node.label}</span>
      <span data-testid="footer-pilot" title="The pilot model's tokens and cost in this turn">
        pilot {formatTokens(pilotTokens)} tok · {formatUsd(node.pilot_cost_usd)}
      </span>
      <span data-testid="footer-executor" title="Tokens and cost of the executor turns this turn caused">
        executors {formatTokens(executorTokens)} tok · {formatUsd(node.executor_cost_usd)}
      </span>
      {node.stopped && (
        <span className="badge stopped" data-testid="footer-stopped">
          stopped
        </span>
      )}
    </div>
  );
}

/** One recorded turn: its items, then its footer. */
export const TurnView = memo(function TurnView({ node, current }: { node: PilotNode; current: boolean }) {
  const rows = chatRows(node);
  return (
    <article className="pilot-turn" data-testid="pilot-turn" data-node-id={node.id} data-label={node.label} data-current={current}>
      {node.kind === "backup" ? (
        <p className="muted small">Backup of the workspace's files, recorded before a restore.</p>
      ) : (
        rows.map((row) => <Row key={row.key} row={row} />)
      )}
      <TurnFooter node={node} />
    </article>
  );
});
