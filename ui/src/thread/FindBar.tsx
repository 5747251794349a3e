// The thread's find bar (Ctrl+F): the words, where the current hit is among
// all of them, and the way to the next and previous.
import { useEffect, useRef } from "react";
import type { Find } from "./useFind";

export function FindBar({ find }: { find: Find }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [find.open]);
  const count = find.query.trim()
    ? find.searching
      ? "searching…"
      : find.hits.length === 0
        ? "no match"
        : `${find.current + 1} of ${find.hits.length}`
    : "";
  return (
    <div
      className="find-bar"
      role="search"
      data-testid="find-bar"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          find.close();
        }
      }}
    >
      <input
        ref={input}
        aria-label="Find in this session"
        data-testid="find-input"
        placeholder="Find in this session"
        value={find.query}
        onChange={(e) => find.setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            find.step(e.shiftKey ? -1 : 1);
          }
        }}
      />
      <span className="muted small" data-testid="find-count" aria-live="polite">
        {count}
      </span>
      <button type="button" aria-label="Previous match" disabled={find.hits.length === 0} onClick={() => find.step(-1)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" data-testid="find-next" disabled={find.hits.length === 0} onClick={() => find.step(1)}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label="Close find" onClick={find.close}>
        ×
      </button>
      {find.error && (
        <span role="alert" className="error small">
          {find.error}
        </span>
      )}
    </div>
  );
}
