import { describe, expect, it } from "vitest";
import { makeSession } from "../shell/fixtures";
import { formatRelativeTime, nextRelativeChange, formatSource, formatTokens, parseLocalTimestamp, totalTokens } from "./format";

describe("session formatting", () => {
  it("reads the backend's naive ISO times as local time, microseconds included", () => {
    expect(parseLocalTimestamp("2026-11-25T07:03:12.123456")).toBe(new Date(2026, 10, 25, 7, 3, 12, 123).getTime());
    expect(parseLocalTimestamp("2026-11-25T07:03:12")).toBe(new Date(2026, 10, 25, 7, 3, 12).getTime());
    expect(parseLocalTimestamp("garbage")).toBeNaN();
  });

  it("formats times relative to now", () => {
    const now = new Date(2026, 10, 25, 7, 3, 24, 500).getTime();
    expect(formatRelativeTime("2026-11-25T07:03:12.123456", now)).toBe("12 s ago");
    expect(formatRelativeTime("2026-11-25T06:58:00", now)).toBe("5 min ago");
    expect(formatRelativeTime("2026-11-25T04:00:00", now)).toBe("3 h ago");
    expect(formatRelativeTime("2026-11-23T07:00:00", now)).toBe("2 d ago");
    expect(formatRelativeTime("2026-11-25T07:04:00", now)).toBe("0 s ago");
  });

  it("names the moment the soonest relative label changes", () => {
    const now = new Date(2026, 10, 25, 7, 3, 24, 500).getTime();
    const at = (...parts: number[]) => new Date(2026, 10, 25, ...(parts as [number, number, number])).getTime();
    expect(nextRelativeChange([], now)).toBeNull();
    expect(nextRelativeChange(["garbage"], now)).toBeNull();
    expect(nextRelativeChange(["2026-11-25T07:03:12"], now)).toBe(now + 5000);
    expect(nextRelativeChange(["2026-11-25T06:58:00"], now)).toBe(at(7, 4, 0));
    expect(nextRelativeChange(["2026-11-25T04:00:00"], now)).toBe(at(8, 0, 0));
    expect(nextRelativeChange(["2026-11-23T07:00:00"], now)).toBe(at(7, 0, 0) + 24 * 3600 * 1000);
    expect(nextRelativeChange(["2026-11-25T04:00:00", "2026-11-25T06:58:00"], now)).toBe(at(7, 4, 0));
  });

  it("compacts token counts", () => {
    expect(formatTokens(950)).toBe("950");
    expect(formatTokens(12345)).toBe("12.3k");
    expect(formatTokens(2000)).toBe("2k");
    expect(formatTokens(2_500_000)).toBe("2.5M");
    expect(totalTokens(makeSession())).toBe(12345);
  });

  it("names who started a session", () => {
    expect(formatSource("user")).toBe("you");
    expect(formatSource("pilot:abc")).toBe("pilot");
    expect(formatSource("orchestrator:xyz")).toBe("orchestrator");
    expect(formatSource("cron")).toBe("cron");
  });
});
