// For tests: what React Flow needs from a browser that jsdom does not have.
// React Flow measures the pane and every node (ResizeObserver, offset sizes)
// before it draws edges, and reads the zoom from the viewport's transform
// (DOMMatrixReadOnly). Install in `beforeEach`, call the returned function in
// `afterEach`.
//
// Click nodes with `clickNode` (a plain click), not user-event: its mousedown
// has no `view`, which React Flow's pan handler (d3-zoom) needs.
import { fireEvent } from "@testing-library/react";
import { NODE_HEIGHT, NODE_WIDTH } from "../layout";

type Size = { width: number; height: number };

/** The size jsdom pretends an element has: nodes their drawn size, everything else a roomy pane. */
function sizeOf(element: Element, pane: Size): Size {
  if (element.classList.contains("react-flow__node")) {
    const node = element.querySelector<HTMLElement>(".graph-node, .graph-start");
    if (node?.classList.contains("graph-start")) return { width: 90, height: 32 };
    return { width: NODE_WIDTH, height: NODE_HEIGHT };
  }
  return pane;
}

/** What the stubs measure now, and who observes what (for `resizePane`). */
let pane: Size = { width: 800, height: 600 };
const observed: Array<{ callback: ResizeObserverCallback; target: Element; observer: ResizeObserver }> = [];

function entryFor(target: Element): ResizeObserverEntry {
  const { width, height } = sizeOf(target, pane);
  const rect = { x: 0, y: 0, top: 0, left: 0, bottom: height, right: width, width, height, toJSON: () => ({}) };
  return { target, contentRect: rect, borderBoxSize: [], contentBoxSize: [], devicePixelContentBoxSize: [] } as unknown as ResizeObserverEntry;
}

/** Makes every pane (not node) measure `size` from now on and tells the observers, as a window resize would. */
export function resizePane(size: Size): void {
  pane = size;
  for (const { callback, target, observer } of [...observed]) callback([entryFor(target)], observer);
}

export function installReactFlowStubs(initialPane: Size = { width: 800, height: 600 }): () => void {
  pane = initialPane;
  const undo: Array<() => void> = [() => (observed.length = 0)];
  const globals = globalThis as Record<string, unknown>;

  function define(target: object, name: string, descriptor: PropertyDescriptor) {
    const original = Object.getOwnPropertyDescriptor(target, name);
    Object.defineProperty(target, name, { configurable: true, ...descriptor });
    undo.push(() => {
      if (original) Object.defineProperty(target, name, original);
      else delete (target as Record<string, unknown>)[name];
    });
  }

  class ResizeObserverStub {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      observed.push({ callback: this.callback, target, observer: this as unknown as ResizeObserver });
      this.callback([entryFor(target)], this as unknown as ResizeObserver);
    }
    unobserve(target: Element) {
      const at = observed.findIndex((o) => o.observer === (this as unknown as ResizeObserver) && o.target === target);
      if (at !== -1) observed.splice(at, 1);
    }
    disconnect() {
      for (let at = observed.length - 1; at >= 0; at--) if (observed[at].observer === (this as unknown as ResizeObserver)) observed.splice(at, 1);
    }
  }

  class DOMMatrixReadOnlyStub {
    m22: number;
    constructor(transform?: string) {
      const scale = transform?.match(/scale\(([\d.]+)\)/)?.[1];
      this.m22 = scale !== undefined ? Number(scale) : 1;
    }
  }

  for (const [name, value] of [
    ["ResizeObserver", ResizeObserverStub],
    ["DOMMatrixReadOnly", DOMMatrixReadOnlyStub],
  ] as const) {
    const had = name in globals;
    const original = globals[name];
    globals[name] = value;
    undo.push(() => {
      if (had) globals[name] = original;
      else delete globals[name];
    });
  }

  define(HTMLElement.prototype, "offsetWidth", {
    get(this: HTMLElement) {
      return sizeOf(this, pane).width;
    },
  });
  define(HTMLElement.prototype, "offsetHeight", {
    get(this: HTMLElement) {
      return sizeOf(this, pane).height;
    },
  });
  define(HTMLElement.prototype, "clientWidth", {
    get(this: HTMLElement) {
      return sizeOf(this, pane).width;
    },
  });
  define(HTMLElement.prototype, "clientHeight", {
    get(this: HTMLElement) {
      return sizeOf(this, pane).height;
    },
  });
  if (typeof SVGElement !== "undefined") {
    define(SVGElement.prototype, "getBBox", {
      writable: true,
      value: () => ({ x: 0, y: 0, width: 0, height: 0 }),
    });
  }
  return () => undo.reverse().forEach((restore) => restore());
}

/** Clicks a node of the graph the way React Flow hears it (see above). */
export function clickNode(element: HTMLElement): void {
  fireEvent.click(element);
}
