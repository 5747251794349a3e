import { describe, expect, it } from "vitest";
import { nodeCost } from "./cost";
import { usage } from "./testing/fixtures";

const pilotPriced = { pilot_usage: usage(1200, 300), pilot_cost_usd: 0.0123 };

describe("nodeCost", () => {
  it("sums two priced parts", () => {
    const cost = nodeCost({ ...pilotPriced, executor_usage: usage(4000, 1000), executor_cost_usd: 0.5 });
    expect(cost.card).toBe("$0.5123");
    expect(cost.unpriced).toBe(false);
    expect(cost.detail).toBe("pilot $0.0123 · executors $0.5000");
  });

  it("keeps the pilot's price when only the executors are unpriced", () => {
    const cost = nodeCost({ ...pilotPriced, executor_usage: usage(4000, 1100), executor_cost_usd: null });
    expect(cost.card).toBe("$0.0123 + exec. unpriced");
    expect(cost.pilot.text).toBe("$0.0123");
    expect(cost.executor.text).toBe("unpriced");
    expect(cost.unpriced).toBe(true);
  });

  it("keeps the executors' price when only the pilot is unpriced", () => {
    const cost = nodeCost({ pilot_usage: usage(100, 10), pilot_cost_usd: null, executor_usage: usage(10, 1), executor_cost_usd: 2 });
    expect(cost.card).toBe("$2.00 + pilot unpriced");
  });

  it("says unpriced when no part is priced, and never counts an idle part as unpriced", () => {
    expect(nodeCost({ pilot_usage: usage(100, 10), pilot_cost_usd: null, executor_usage: usage(10, 1), executor_cost_usd: null }).card).toBe(
      "unpriced",
    );
    const noExecutors = nodeCost({ ...pilotPriced, executor_usage: usage(0, 0), executor_cost_usd: null });
    expect(noExecutors.card).toBe("$0.0123");
    expect(noExecutors.unpriced).toBe(false);
    expect(noExecutors.detail).toBe("pilot $0.0123 · executors none");
  });
});
