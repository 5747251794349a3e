import { describe, expect, it } from "vitest";
import { adapterName } from "./adapterNames";

describe("adapterName", () => {
  it("says agent CLIs and pilot providers in words", () => {
    expect(adapterName("codex")).toBe("Codex");
    expect(adapterName("claude")).toBe("Claude Code");
    expect(adapterName("open_ai_responses")).toBe("OpenAI Responses");
    expect(adapterName("anthropic")).toBe("Anthropic Messages");
    expect(adapterName("chat_completions")).toBe("OpenAI-compatible chat");
  });

  it("shows an id it does not know as it is, never a guess", () => {
    expect(adapterName("gemini_cli")).toBe("gemini_cli");
    expect(adapterName("toString")).toBe("toString");
    expect(adapterName("")).toBe("unknown");
  });
});
