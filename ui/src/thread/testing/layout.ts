// For tests: a fake layout for jsdom, which has none (every size is 0, and
// TanStack Virtual then draws no rows). The thread's scroll container gets a
// viewport, each virtual row (`data-index`) a fixed height, and scrolling
// clamps and fires `scroll` like a browser (asynchronously, as browsers do).
// Install it in `beforeEach` and call the returned function in `afterEach`.
import { act } from "@testing-library/react";

export type FakeLayout = { viewport: number; rowHeight: number; width: number };

const defaults: FakeLayout = { viewport: 600, rowHeight: 50, width: 800 };

function isScroller(element: Element): boolean {
  return element.getAttribute("data-testid") === "thread";
}

/** The virtual list's total height: the inline height of its sizer. */
function contentHeight(element: Element, layout: FakeLayout): number {
  const sizer = element.querySelector<HTMLElement>(":scope > .thread-sizer");
  return Math.max(layout.viewport, Number.parseFloat(sizer?.style.height ?? "") || 0);
}

export function installFakeLayout(overrides: Partial<FakeLayout> = {}): () => void {
  const layout = { ...defaults, ...overrides };
  const undo: Array<() => void> = [];
  const tops = new WeakMap<Element, number>();

  function define(target: object, name: string, descriptor: PropertyDescriptor) {
    const original = Object.getOwnPropertyDescriptor(target, name);
    Object.defineProperty(target, name, { configurable: true, ...descriptor });
    undo.push(() => {
      if (original) Object.defineProperty(target, name, original);
      else delete (target as Record<string, unknown>)[name];
    });
  }

  const maxTop = (element: Element) => contentHeight(element, layout) - layout.viewport;
  const clamp = (element: Element, top: number) => Math.max(0, Math.min(top, isScroller(element) ? maxTop(element) : 0));

  define(HTMLElement.prototype, "clientHeight", {
    get(this: HTMLElement) {
      return isScroller(this) ? layout.viewport : 0;
    },
  });
  define(HTMLElement.prototype, "clientWidth", {
    get(this: HTMLElement) {
      return isScroller(this) ? layout.width : 0;
    },
  });
  define(HTMLElement.prototype, "offsetHeight", {
    get(this: HTMLElement) {
      return this.hasAttribute("data-index") ? layout.rowHeight : 0;
    },
  });
  define(HTMLElement.prototype, "scrollHeight", {
    get(this: HTMLElement) {
      return isScroller(this) ? contentHeight(this, layout) : 0;
    },
  });
  define(HTMLElement.prototype, "scrollTop", {
    get(this: HTMLElement) {
      return tops.get(this) ?? 0;
    },
    set(this: HTMLElement, value: number) {
      tops.set(this, clamp(this, value));
    },
  });
  define(HTMLElement.prototype, "scrollTo", {
    writable: true,
    value(this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
      const top = typeof options === "number" ? y : options?.top;
      if (top === undefined) return;
      this.scrollTop = top;
      setTimeout(() => this.dispatchEvent(new Event("scroll")), 0);
    },
  });

  return () => undo.reverse().forEach((restore) => restore());
}

/** The reader scrolls the thread to `top` (clamped), as a wheel or drag would. */
export async function scrollThreadTo(element: HTMLElement, top: number): Promise<void> {
  await act(async () => {
    element.scrollTop = top;
    element.dispatchEvent(new Event("scroll"));
  });
}

/** How far the thread is from its bottom. */
export function distanceFromBottom(element: HTMLElement): number {
  return element.scrollHeight - element.clientHeight - element.scrollTop;
}
