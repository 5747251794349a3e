import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BEAT_MS, useBeat } from "./beat";

const beating = () => document.documentElement.hasAttribute("data-beat");

describe("useBeat", () => {
  afterEach(() => vi.useRealTimers());

  it("runs no timer while nothing runs", () => {
    vi.useFakeTimers();
    renderHook(() => useBeat(false));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("beats once a second on one timer for every running item, and stops with the last", () => {
    vi.useFakeTimers();
    const first = renderHook(() => useBeat(true));
    const second = renderHook(() => useBeat(true));
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(BEAT_MS));
    expect(beating()).toBe(true);
    act(() => vi.advanceTimersByTime(BEAT_MS));
    expect(beating()).toBe(false);
    act(() => vi.advanceTimersByTime(BEAT_MS));
    first.unmount();
    expect(vi.getTimerCount()).toBe(1);
    second.unmount();
    expect(vi.getTimerCount()).toBe(0);
    expect(beating()).toBe(false);
  });
});
