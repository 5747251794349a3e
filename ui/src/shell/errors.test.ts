import { describe, expect, it } from "vitest";
import { messageOf } from "./errors";

describe("messageOf", () => {
  it("shows an error's own message, without the class name", () => {
    expect(messageOf(new Error("The folder is gone."))).toBe("The folder is gone.");
    class BackendError extends Error {}
    expect(messageOf(new BackendError("Budget spent."))).toBe("Budget spent.");
  });

  it("puts anything else that was thrown in words", () => {
    expect(messageOf("plain text")).toBe("plain text");
    expect(messageOf(42)).toBe("42");
    expect(messageOf(undefined)).toBe("undefined");
  });
});
