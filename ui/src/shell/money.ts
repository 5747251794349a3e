// Every dollar figure the app shows is written here, so that a session's row,
// a turn's divider, the spend view, a run, a pilot's strip and the graph all
// read "$0.0123" / "$12.34" the same way. The product's rule: show that a
// figure is unknown rather than a wrong number. Tokens with no price in the
// table are never counted as $0: a figure with some of them is a lower bound
// ("$1.50+"), one with only them reads "unpriced".

/** What a figure reads as when nothing of it could be priced. */
export const UNPRICED = "unpriced";

/**
 * A known amount: four decimals under a dollar (a turn often costs a fraction
 * of a cent, which two would show as $0.00), two from a dollar up.
 */
export function formatUsd(usd: number): string {
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/**
 * A figure that may lack a price. `usd` is what could be priced; `unpriced`
 * says some of the spend had no price, and defaults to "`usd` is unknown"
 * (`null`), so a missing amount never reads as free.
 */
export function formatCost(usd: number | null | undefined, unpriced: boolean = usd === null || usd === undefined): string {
  const priced = usd ?? 0;
  if (unpriced && priced === 0) return UNPRICED;
  return unpriced ? `${formatUsd(priced)}+` : formatUsd(priced);
}

/**
 * A price per million tokens as the price table holds it ("$2.5", "$0.075"):
 * exactly what was typed or built in, never rounded, since a rounded price
 * would be a wrong one.
 */
export function formatPrice(usd: number | null): string {
  return usd === null ? "–" : `$${usd}`;
}
