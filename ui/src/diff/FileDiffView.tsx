// One file's diff, as git printed it, drawn by react-diff-view: unified or
// side by side, syntax highlighted when the language is known. Large or
// binary files say so instead of showing lines.
import { useMemo } from "react";
import { Diff, Hunk, parseDiff, tokenize, type HunkData, type HunkTokens } from "react-diff-view";
import "react-diff-view/style/index.css";
import type { FileDiff } from "../api";
import { languageOf, refractorLike } from "./highlight";
import "./diff.css";


export type DiffLayout = "unified" | "split";

type Parsed = { hunks: HunkData[]; type: "add" | "delete" | "modify" | "rename" | "copy"; tokens: HunkTokens | undefined };

function parse(diff: FileDiff): Parsed | null {
  if (!diff.patch) return null;
  try {
    const [file] = parseDiff(diff.patch, { nearbySequences: "zip" });
    if (!file || file.hunks.length === 0) return null;
    const language = languageOf(diff.path);
    let tokens: HunkTokens | undefined;
    if (language) {
      try {
        tokens = tokenize(file.hunks, { highlight: true, refractor: refractorLike, language });
      } catch {
        tokens = undefined;
      }
    }
    return { hunks: file.hunks, type: file.type, tokens };
  } catch {
    return null;
  }
}

/** "+3 −1" for a file's counts. */
export function DiffCounts({ additions, deletions }: { additions: number; deletions: number }) {
  return (
    <span className="diff-counts" aria-label={`${additions} lines added, ${deletions} removed`}>
      <span className="diff-added">+{additions}</span> <span className="diff-deleted">−{deletions}</span>
    </span>
  );
}

export function FileDiffView({ diff, layout }: { diff: FileDiff; layout: DiffLayout }) {
  const parsed = useMemo(() => parse(diff), [diff]);
  if (diff.binary) {
    return <p className="muted small" data-testid="diff-binary">A binary file: there are no lines to show.</p>;
  }
  if (!parsed) {
    return (
      <p className="muted small" data-testid="diff-none">
        {diff.truncated ? "This diff is too large to show here." : "No line changes (the file's mode or kind changed)."}
      </p>
    );
  }
  return (
    <div className="file-diff" data-testid="file-diff">
      <Diff viewType={layout} diffType={parsed.type} hunks={parsed.hunks} tokens={parsed.tokens}>
        {(hunks) => hunks.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
      </Diff>
      {diff.truncated && <p className="muted small">Later parts of this diff are too large to show here.</p>}
    </div>
  );
}
