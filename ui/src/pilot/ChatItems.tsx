// The pieces of the pilot chat: messages, replies (Markdown), reasoning
// (collapsed), tool calls with their results, and each turn's footer.
import { memo } from "react";
import type { PilotNode } from "../api";
import { formatTokens } from "../sessions/format";
import { Reasoning as SharedReasoning, ToolCard, type ToolCardProps } from "../llm/ConversationParts";
import { formatCost } from "../shell/money";
import { Markdown } from "../thread/Markdown";
import { chatRows, sessionOfCall, tokens, type ChatRow } from "./conversation";
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
  return <SharedReasoning text={text} live={live} testId="pilot-reasoning" />;
}

type ToolProps = Omit<ToolCardProps, "testId" | "resultTestId" | "extra">;

export function ToolCall(props: ToolProps) {
  const session = sessionOfCall({ arguments: props.args, output: props.output, isError: props.isError });
  return (
    <ToolCard
      {...props}
      testId="pilot-tool-call"
      resultTestId="pilot-tool-result"
      extra={session && <SessionLink id={session} />}
    />
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
        pilot {formatTokens(pilotTokens)} tok · {formatCost(node.pilot_cost_usd)}
      </span>
      <span data-testid="footer-executor" title="Tokens and cost of the executor turns this turn caused">
        executors {formatTokens(executorTokens)} tok · {formatCost(node.executor_cost_usd)}
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
