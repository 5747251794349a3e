// recharts' ResponsiveContainer sizes its chart from a ResizeObserver, which
// jsdom lacks (and jsdom lays nothing out, so every measured size is 0). Tests
// of the spend view call this before rendering: the stub reports one fixed
// size for whatever it observes, so the bars are actually drawn.
import { vi } from "vitest";

export const STUB_SIZE = { width: 480, height: 200 };

export function stubResizeObserver(): void {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      constructor(private readonly callback: ResizeObserverCallback) {}
      observe(target: Element) {
        const contentRect = { ...STUB_SIZE, x: 0, y: 0, top: 0, left: 0, right: STUB_SIZE.width, bottom: STUB_SIZE.height };
        this.callback([{ target, contentRect } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
      }
      unobserve() {}
      disconnect() {}
    },
  );
}
