// A run's timeline: every recorded step in order, then (while the run works)
// the step in flight as it streams. The view follows the end of the timeline
// while the reader is there, and stays put when they scrolled up to read.
import { memo, useLayoutEffect, useMemo, useRef } from "react";
import type { PilotNode } from "../api";
import { formatStepCost } from "./format";
import type { LiveStep } from "./live";
import { InjectedMessage, InterventionCard, LlmText, Reasoning, StepRowView, ToolCall } from "./StepParts";
import { pendingMessage, timelineSteps, type StepView } from "./timeline";
import { Spinner } from "../shell/Spinner";

/** How close to the bottom (px) still counts as following the end. */
const FOLLOW_SLACK = 80;

const RecordedStep = memo(function RecordedStep({ step }: { step: StepView }) {
  const { node } = step;
  const interventions = node.interventions ?? [];
  return (
    <article className="run-step" data-testid="run-step" data-step={step.number} data-node-id={node.id}>
      <header className="run-step-head">
        <span className="run-step-number">Step {step.number}</span>
        <span className="muted small" title="This step's LLM call: tokens and cost">
          {formatStepCost(node)}
        </span>
        {node.model && <span className="muted small">{node.model}</span>}
        {node.stopped && <span className="badge run-step-stopped">stopped</span>}
      </header>
      {step.message.trim() !== "" && <InjectedMessage text={step.message} source={step.source} />}
      {step.rows.map((row) => (
        <StepRowView key={row.key} row={row} />
      ))}
      {interventions.map((intervention, index) => (
        <InterventionCard key={index} intervention={intervention} />
      ))}
    </article>
  );
});

function LiveStepView({ live, number, message }: { live: LiveStep; number: number; message: string | null }) {
  const quiet = live.text === "" && live.reasoning === "" && live.tools.length === 0;
  return (
    <article className="run-step live" data-testid="run-live-step" data-step={live.step ?? number}>
      <header className="run-step-head">
        <span className="run-step-number">Step {live.step ?? number}</span>
        <span className="running-indicator">
          <Spinner /> working
        </span>
      </header>
      {message && <InjectedMessage text={message} source={number === 1 ? "task" : "watchers"} />}
      {live.reasoning !== "" && <Reasoning text={live.reasoning} live />}
      {live.text !== "" && <LlmText text={live.text} live />}
      {live.tools.map((tool) => (
        <ToolCall
          key={tool.callId}
          expandId={`live:${tool.callId}`}
          callId={tool.callId}
          name={tool.name}
          args={tool.arguments}
          output={tool.output}
          isError={tool.isError}
          state={tool.state}
        />
      ))}
      {live.retrying && (
        <p className="muted small" data-testid="run-retrying">
          The model call failed and is retried: {live.retrying}
        </p>
      )}
      {quiet && !live.retrying && <p className="muted small">Waiting for the model…</p>}
      {live.interventions.map((intervention, index) => (
        <InterventionCard key={index} intervention={intervention} />
      ))}
    </article>
  );
}

type Props = {
  task: string;
  nodes: PilotNode[];
  live: LiveStep | null;
};

export function RunTimeline({ task, nodes, live }: Props) {
  const steps = useMemo(() => timelineSteps(nodes), [nodes]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [steps, live]);

  function onScroll() {
    const el = scroller.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK;
  }

  return (
    <div className="run-timeline" data-testid="run-timeline" ref={scroller} onScroll={onScroll}>
      {steps.length === 0 && !live && <p className="muted small">No step recorded yet.</p>}
      {steps.map((step) => (
        <RecordedStep key={step.node.id} step={step} />
      ))}
      {live && <LiveStepView live={live} number={steps.length + 1} message={pendingMessage(task, nodes)} />}
    </div>
  );
}
