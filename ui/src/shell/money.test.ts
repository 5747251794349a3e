import { describe, expect, it } from "vitest";
import { formatCost, formatPrice, formatUsd } from "./money";

describe("money", () => {
  it("writes a known amount with four decimals under a dollar and two from a dollar up", () => {
    expect(formatUsd(0.0123)).toBe("$0.0123");
    expect(formatUsd(0)).toBe("$0.0000");
    expect(formatUsd(1)).toBe("$1.00");
    expect(formatUsd(12.5)).toBe("$12.50");
  });

  it("marks a figure with unpriced spend as a lower bound, and one with nothing priced as unpriced", () => {
    expect(formatCost(0.0123, false)).toBe("$0.0123");
    expect(formatCost(12.5, false)).toBe("$12.50");
    expect(formatCost(0.5, true)).toBe("$0.5000+");
    expect(formatCost(0, true)).toBe("unpriced");
    expect(formatCost(null, true)).toBe("unpriced");
  });

  it("reads an unknown amount as unpriced unless told that nothing was spent", () => {
    expect(formatCost(null)).toBe("unpriced");
    expect(formatCost(undefined)).toBe("unpriced");
    expect(formatCost(0)).toBe("$0.0000");
    expect(formatCost(null, false)).toBe("$0.0000");
  });

  it("shows a price as the table holds it", () => {
    expect(formatPrice(2.5)).toBe("$2.5");
    expect(formatPrice(0.075)).toBe("$0.075");
    expect(formatPrice(null)).toBe("–");
  });
});
