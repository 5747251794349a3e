// What a checkpoint cost, for the graph's node card and details. A node has
// two parts: the pilot LLM's own call(s) and the executor turns it caused,
// each priced or not on its own. One unpriced part must not hide the other's
// price, nor may a priced part make the node look fully priced.
import type { PilotNode } from "../api";
import { tokens } from "../pilot/conversation";
import { formatUsd, UNPRICED } from "../shell/money";

/** One part's figure: "$0.0123", "unpriced" (tokens with no price), or null (nothing spent there). */
export type PartCost = { text: string | null; priced: boolean; tokens: number };

export type NodeCost = {
  pilot: PartCost;
  executor: PartCost;
  /** The card's figure: "$0.0135", "$0.0123 + exec. unpriced", "unpriced". */
  card: string;
  /** Both parts in words, for the card's tooltip and the details. */
  detail: string;
  /** Whether any part used tokens we have no price for (then `card` is not the whole cost). */
  unpriced: boolean;
};

function part(cost: number | null, used: number): PartCost {
  if (cost !== null) return { text: cost === 0 && used === 0 ? null : formatUsd(cost), priced: true, tokens: used };
  return { text: used > 0 ? UNPRICED : null, priced: used === 0, tokens: used };
}

export function nodeCost(node: Pick<PilotNode, "pilot_usage" | "pilot_cost_usd" | "executor_usage" | "executor_cost_usd">): NodeCost {
  const pilot = part(node.pilot_cost_usd, tokens(node.pilot_usage));
  const executor = part(node.executor_cost_usd, tokens(node.executor_usage));
  const priced = (node.pilot_cost_usd ?? 0) + (node.executor_cost_usd ?? 0);
  let card: string;
  if (pilot.priced && executor.priced) card = formatUsd(priced);
  else if (!pilot.priced && !executor.priced) card = UNPRICED;
  else if (!executor.priced) card = `${pilot.text ?? formatUsd(0)} + exec. unpriced`;
  else card = executor.text ? `${executor.text} + pilot unpriced` : UNPRICED;
  const detail = `pilot ${pilot.text ?? "nothing"} · executors ${executor.text ?? "none"}`;
  return { pilot, executor, card, detail, unpriced: !pilot.priced || !executor.priced };
}
