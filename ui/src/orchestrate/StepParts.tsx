// The pieces of a step in the timeline: the message injected before the LLM
// call, the LLM's text (Markdown) and reasoning (collapsed), tool calls with
// their results, and the watchers' interventions, which are drawn loudly
// because they are how a run is steered (or paused, or ended) on its own.
import type { Intervention } from "../api";
import { Markdown } from "../thread/Markdown";
import { Reasoning as SharedReasoning, ToolCard, type ToolCardProps } from "../llm/ConversationParts";
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
  return <SharedReasoning text={text} live={live} testId="run-reasoning" />;
}

type ToolProps = Omit<ToolCardProps, "testId" | "resultTestId" | "extra" | "state"> & { state: ToolState };

export function ToolCall(props: ToolProps) {
  return <ToolCard {...props} testId="run-tool-call" resultTestId="run-tool-result" />;
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
