import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useNow } from "./useNow";

describe("useNow", () => {
  afterEach(() => vi.useRealTimers());

  it("runs no timer while nothing will change", () => {
    vi.useFakeTimers();
    renderHook(() => useNow(() => null));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("takes the time again at the moment named, then at the next one", () => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
    const { result } = renderHook(() => useNow((now) => now + 3000));
    expect(result.current).toBe(10_000);
    act(() => vi.advanceTimersByTime(2999));
    expect(result.current).toBe(10_000);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(13_000);
    act(() => vi.advanceTimersByTime(3000));
    expect(result.current).toBe(16_000);
    expect(vi.getTimerCount()).toBe(1);
  });
});
