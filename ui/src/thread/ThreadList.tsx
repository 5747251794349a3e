// The scrolling conversation: a virtual list (only the rows on screen are in
// the DOM, each measured as drawn) that opens at the bottom, follows new
// events while the reader is at the bottom, and asks for earlier pages as the
// reader nears the top. Prepending keeps the row under the reader in place
// (the virtualizer's end anchoring), so paging in is invisible.
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { estimateRowSize, type Row } from "./rows";

/** Height of the "earlier events" band above the first loaded row. */
export const EARLIER_BAND = 40;
/** How close to the bottom still counts as "at the bottom" (and keeps following). */
export const FOLLOW_THRESHOLD = 32;
/** Ask for the earlier page this far from the top, so it usually lands before the reader gets there. */
const NEAR_TOP_MIN = 4000;

type Props = {
  rows: Row[];
  /** Shown when there are no rows (yet). */
  empty?: ReactNode;
  hasEarlier: boolean;
  earlier: "idle" | "loading" | "error";
  earlierError: string | null;
  onLoadEarlier: () => void;
  renderRow: (row: Row) => ReactNode;
  /** Changing it scrolls to the bottom (the reader sent a message). */
  jumpSignal: number;
  /** A row to bring to the middle of the view (the find bar's current hit); `nonce` repeats a jump. */
  reveal?: { key: string; nonce: number } | null;
};

export function ThreadList({ rows, empty, hasEarlier, earlier, earlierError, onLoadEarlier, renderRow, jumpSignal, reveal }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const estimateSize = useCallback((index: number) => estimateRowSize(rows[index]), [rows]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan: 6,
    paddingStart: hasEarlier ? EARLIER_BAND : 0,
    paddingEnd: 16,
    anchorTo: "end",
    followOnAppend: true,
    scrollEndThreshold: FOLLOW_THRESHOLD,
  });

  const checkPosition = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    setAtEnd(element.scrollHeight - element.clientHeight - element.scrollTop <= FOLLOW_THRESHOLD);
    if (hasEarlier && earlier === "idle" && element.scrollTop < Math.max(NEAR_TOP_MIN, 4 * element.clientHeight)) {
      onLoadEarlier();
    }
  }, [hasEarlier, earlier, onLoadEarlier]);

  // Open at the bottom. Later appends are followed by the virtualizer itself.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (opened.current || rows.length === 0) return;
    opened.current = true;
    virtualizer.scrollToEnd();
  }, [rows.length, virtualizer]);

  useEffect(() => {
    if (jumpSignal > 0) virtualizer.scrollToEnd();
  }, [jumpSignal, virtualizer]);

  // A find hit: once its row is loaded, center it. A page landing above it
  // while the reader has not scrolled since (the jump itself brings the top
  // near, which asks for one) moves the row to a new index: center it again
  // there, since the virtualizer, still settling the jump, aims at the index
  // it was given and would land on whatever row took that place.
  const revealed = useRef<{ nonce: number; key: string; index: number } | null>(null);
  const readerScrolled = useRef(false);
  const onReaderScroll = useCallback(() => {
    readerScrolled.current = true;
  }, []);
  useEffect(() => {
    if (!reveal) return;
    const index = rows.findIndex((row) => row.key === reveal.key);
    if (index < 0) return;
    const last = revealed.current;
    const fresh = last?.nonce !== reveal.nonce;
    const shifted = !fresh && last?.key === reveal.key && last.index !== index && !readerScrolled.current;
    if (!fresh && !shifted) return;
    revealed.current = { nonce: reveal.nonce, key: reveal.key, index };
    readerScrolled.current = false;
    virtualizer.scrollToIndex(index, { align: "center" });
  }, [reveal, rows, virtualizer]);

  // After a page lands (or when the rows do not fill the window) the reader may
  // still be near the top without scrolling again: look once more.
  useEffect(() => {
    if (rows.length > 0) checkPosition();
  }, [rows, checkPosition]);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="thread-list">
      <div
        ref={scrollRef}
        className="thread-scroll"
        data-testid="thread"
        aria-label="Conversation"
        tabIndex={0}
        onScroll={checkPosition}
        onWheel={onReaderScroll}
        onPointerDown={onReaderScroll}
        onTouchStart={onReaderScroll}
        onKeyDown={onReaderScroll}
      >
        {rows.length === 0 && empty}
        <div className="thread-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {hasEarlier && (
            <div className="thread-earlier muted small" style={{ height: EARLIER_BAND }} data-testid="earlier-band">
              {earlier === "error" ? (
                <span role="alert" className="error">
                  Could not load earlier events: {earlierError}{" "}
                  <button type="button" className="link" onClick={onLoadEarlier}>
                    Retry
                  </button>
                </span>
              ) : (
                "Loading earlier events…"
              )}
            </div>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className={`thread-row thread-row-${row.kind}`}
                data-testid="thread-event"
                data-row-key={row.key}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {renderRow(row)}
              </div>
            );
          })}
        </div>
      </div>
      {!atEnd && rows.length > 0 && (
        <button
          type="button"
          className="jump-latest"
          data-testid="jump-latest"
          onClick={() => {
            virtualizer.scrollToEnd();
            setAtEnd(true);
          }}
        >
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}
