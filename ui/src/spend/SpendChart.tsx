// A bar chart of priced dollars per group, with the same figures in a table
// beneath it. The chart is decorative (hidden from assistive technology);
// the table is what screen readers and tests read, and the only place that
// can show unpriced tokens, which have no height on a dollar axis.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SpendGroup } from "../api";
import { GroupTable } from "./GroupTable";
import { formatUsd } from "../shell/money";
import { formatTotalsCost } from "./format";

type Props = { title: string; keyLabel: string; groups: SpendGroup[]; testId: string };

type Datum = { key: string; cost: number; label: string };

/** How the chart is sized before (or, in jsdom, without) a measurement. */
const INITIAL = { width: 480, height: 200 };

export function SpendChart({ title, keyLabel, groups, testId }: Props) {
  const data: Datum[] = groups.map((g) => ({ key: g.key, cost: g.totals.cost_usd ?? 0, label: formatTotalsCost(g.totals) }));
  return (
    <figure className="spend-chart" data-testid={testId}>
      <figcaption className="section-title">{title}</figcaption>
      {groups.length > 0 && (
        <div className="spend-chart-canvas" aria-hidden="true">
          <ResponsiveContainer width="100%" height={INITIAL.height} initialDimension={INITIAL}>
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
              <XAxis dataKey="key" tick={{ fontSize: 11, fill: "var(--muted)" }} />
              <YAxis tickFormatter={(v: number) => formatUsd(v)} tick={{ fontSize: 11, fill: "var(--muted)" }} width={64} />
              <Tooltip
                formatter={(_value, _name, item) => [(item.payload as Datum).label, "cost"]}
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
              />
              <Bar dataKey="cost" fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <GroupTable groups={groups} keyLabel={keyLabel} caption={`${title}, as a table`} />
    </figure>
  );
}
