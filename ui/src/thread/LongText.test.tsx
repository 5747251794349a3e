// Long blocks fold to a preview that costs what it shows: by lines, and by
// characters for one huge line; the reader opens them with a click.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { splitLines } from "./format";
import { FOLDED_CHARS, FOLDED_LINES, foldText, LongText } from "./LongText";

/** The fold as it was computed before: by splitting the whole text. */
function splitFold(text: string, tail: boolean) {
  const lines = splitLines(text);
  const shown = tail ? lines.slice(-FOLDED_LINES) : lines.slice(0, FOLDED_LINES);
  return { lines: lines.length, preview: lines.length > FOLDED_LINES ? shown.join("\n") : text };
}

describe("foldText", () => {
  it("counts lines and previews like a split of the whole text", () => {
    const texts = ["", "\n", "one", "one\n", "a\n\nb", ...[11, 12, 13, 30].flatMap((n) => {
      const body = Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");
      return [body, `${body}\n`, `\n${body}\n\n`];
    })];
    for (const text of texts) {
      for (const tail of [false, true]) {
        const fold = foldText(text, tail);
        expect({ lines: fold.lines, preview: fold.preview }, JSON.stringify({ text, tail })).toEqual(splitFold(text, tail));
        expect(fold.long).toBe(fold.lines > FOLDED_LINES);
      }
    }
  });

  it("folds one huge line by characters", () => {
    const line = "x".repeat(FOLDED_CHARS * 5);
    expect(foldText(line, false)).toEqual({ lines: 1, long: true, preview: line.slice(0, FOLDED_CHARS) });
    expect(foldText(`${line}!`, true).preview).toBe(`${line}!`.slice(-FOLDED_CHARS));
  });
});

describe("LongText", () => {
  it("keeps a huge one-line output collapsed until opened", async () => {
    const json = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i })));
    render(<LongText text={json} expandId="e:1:1:output" testId="output" />);
    expect(screen.getByTestId("output").textContent).toHaveLength(FOLDED_CHARS);
    await userEvent.click(screen.getByRole("button", { name: `Show all ${json.length} characters` }));
    expect(screen.getByTestId("output").textContent).toBe(json);
    await userEvent.click(screen.getByRole("button", { name: "Show less" }));
    expect(screen.getByTestId("output").textContent).toHaveLength(FOLDED_CHARS);
  });
});
