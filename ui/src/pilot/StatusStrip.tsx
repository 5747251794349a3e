// The Pilot view's status strip: model, context used against its window, and
// spend along the current branch and over the whole pilot.
import { useMemo } from "react";
import type { PilotGraph } from "../api";
import { describeModel, formatContext, indexNodes, pathTo, sumSpend, type Spend } from "./conversation";
import { StatusDot } from "../shell/StatusDot";
import { useBeat } from "../shell/beat";
import { formatCost } from "../shell/money";

function SpendText({ spend }: { spend: Spend }) {
  return (
    <>
      pilot {formatCost(spend.pilotCost, spend.pilotUnpriced)} · executors {formatCost(spend.executorCost, spend.executorUnpriced)}
    </>
  );
}

export function StatusStrip({ graph, running }: { graph: PilotGraph; running: boolean }) {
  useBeat(running);
  const index = useMemo(() => indexNodes(graph.nodes), [graph.nodes]);
  const path = useMemo(() => pathTo(index, graph.meta.head), [index, graph.meta.head]);
  const head = path.at(-1);
  const model = head?.model || graph.meta.model.model;
  const pathSpend = useMemo(() => sumSpend(path), [path]);
  const totalSpend = useMemo(() => sumSpend(graph.nodes), [graph.nodes]);
  return (
    <div className="pilot-status-strip" data-testid="pilot-status-strip">
      <span data-testid="status-model" title={graph.meta.model.base_url ?? undefined}>
        {running && <StatusDot status="running" label="running" />} {describeModel(graph.meta.model)}
      </span>
      <span data-testid="status-context" title="The pilot's context after the current turn, against the model's window">
        context {formatContext(head?.context_tokens ?? 0, model)}
      </span>
      <span data-testid="status-path-spend" title="Summed over the turns from the start to the current one">
        this branch: <SpendText spend={pathSpend} />
      </span>
      <span data-testid="status-total-spend" title="Summed over every turn of this pilot, all branches">
        whole pilot: <SpendText spend={totalSpend} />
      </span>
      {graph.skipped_lines > 0 && (
        <span className="warning" data-testid="status-skipped">
          {graph.skipped_lines} unreadable checkpoint line{graph.skipped_lines === 1 ? "" : "s"} skipped
        </span>
      )}
    </div>
  );
}
