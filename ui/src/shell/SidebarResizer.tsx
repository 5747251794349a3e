import { useCallback, useState, type KeyboardEvent, type PointerEvent } from "react";
import { readStored, writeStored } from "./storage";

const STORAGE_KEY = "zwarm.sidebarWidth";
const MIN_WIDTH = 200;
const MAX_WIDTH = 640;
export const DEFAULT_SIDEBAR_WIDTH = 300;

const clamp = (width: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));

/** The sidebar's width, remembered across launches. */
export function useSidebarWidth() {
  const [width, setWidth] = useState(() => clamp(readStored(STORAGE_KEY, DEFAULT_SIDEBAR_WIDTH)));
  const update = useCallback((next: number) => {
    const clamped = clamp(next);
    setWidth(clamped);
    writeStored(STORAGE_KEY, clamped);
  }, []);
  return [width, update] as const;
}

/** The drag handle on the sidebar's edge (arrow keys work too). */
export function SidebarResizer({ width, onResize }: { width: number; onResize: (width: number) => void }) {
  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = width;
    const onMove = (move: globalThis.PointerEvent) => onResize(startWidth + move.clientX - startX);
    const onUp = () => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp);
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "ArrowLeft") onResize(width - 16);
    if (event.key === "ArrowRight") onResize(width + 16);
  }
  return (
    <div
      className="sidebar-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the sidebar"
      aria-valuenow={width}
      aria-valuemin={MIN_WIDTH}
      aria-valuemax={MAX_WIDTH}
      tabIndex={0}
      data-testid="sidebar-resizer"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
