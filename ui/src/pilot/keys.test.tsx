import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { KeysDialog, sourceOf, storageNote } from "./keys";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const FILE = "/home/dev/.local/share/zwarm/pilot-keys.json";
const inFile = { kind: "file" as const, path: FILE };
const keyring = { kind: "keyring" as const };

describe("where keys are kept", () => {
  beforeEach(() => vi.clearAllMocks());

  it("says the system keyring, or the private file with its path", () => {
    const base = { provider: "anthropic" as const, env_var: "ANTHROPIC_API_KEY", from_env: false, stored: true };
    expect(storageNote([{ ...base, source: keyring, storage: keyring }])).toContain("in the system keyring");
    expect(storageNote([{ ...base, source: inFile, storage: inFile }])).toContain(
      `in a private file (no keyring service found): ${FILE}`,
    );
    expect(sourceOf({ ...base, source: keyring, storage: keyring })).toBe("saved in the system keyring");
    expect(sourceOf({ ...base, source: inFile, storage: inFile })).toBe(`saved in a private file: ${FILE} (no keyring service found)`);
    expect(sourceOf({ ...base, source: inFile, storage: keyring })).toContain("moves it to the system keyring");
    const env = { kind: "environment" as const, var: "ZWARM_PILOT_API_KEY" };
    expect(sourceOf({ ...base, stored: false, from_env: true, source: env, storage: keyring })).toBe(
      "from the environment (ZWARM_PILOT_API_KEY)",
    );
  });

  it("the keys dialog names the source of each key and where saved keys go", async () => {
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "OPENAI_API_KEY" }, storage: inFile },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: true, source: inFile, storage: inFile },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: inFile },
    ]);
    render(<KeysDialog onClose={() => undefined} />);
    const rows = await screen.findAllByTestId("pilot-key-row");
    expect(within(rows[0]).getByText("from the environment (OPENAI_API_KEY)")).toBeInTheDocument();
    expect(within(rows[1]).getByText(`saved in a private file: ${FILE} (no keyring service found)`)).toBeInTheDocument();
    expect(screen.getByTestId("pilot-key-storage")).toHaveTextContent(`private file (no keyring service found): ${FILE}`);
  });
});
