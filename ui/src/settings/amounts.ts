// Reading the numbers typed into the price and budget forms. Both refuse
// negative and non-numeric input here, with a message naming the field,
// rather than letting the backend fail on a value that cannot be a price.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A required amount >= 0 (a price per million tokens). */
export function parseRequiredAmount(label: string, text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: `${label} is required (0 if it is free).` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `${label} must be a number.` };
  if (value < 0) return { ok: false, error: `${label} cannot be negative.` };
  return { ok: true, value };
}

/** An optional amount >= 0 (a budget in dollars); empty means none. */
export function parseOptionalAmount(label: string, text: string): Parsed<number | null> {
  if (text.trim() === "") return { ok: true, value: null };
  return parseRequiredAmount(label, text);
}

/** The text an input shows for a stored amount (empty for none). */
export function amountText(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value);
}
