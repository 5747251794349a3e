import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { PilotSettings } from "./PilotSettings";
import { SettingsView } from "./SettingsView";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKSPACE = "/home/dev/proj";

async function renderSettings() {
  const user = userEvent.setup();
  render(<PilotSettings workspace={WORKSPACE} />);
  await waitFor(() => expect(screen.getByTestId("settings-pilot-model-input")).toBeEnabled());
  return user;
}

describe("the Pilot section of Settings", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.pilotDefaults).mockResolvedValue({ provider: "open_ai_responses", model: "gpt-5", base_url: null });
    vi.mocked(api.setPilotDefaults).mockImplementation(async (_w, model) => model);
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "OPENAI_API_KEY" }, storage: { kind: "keyring" } },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: true, source: { kind: "keyring" }, storage: { kind: "keyring" } },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
    ]);
  });

  it("is part of Settings", async () => {
    render(<SettingsView workspace={WORKSPACE} />);
    expect(await screen.findByTestId("pilot-settings")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Pilot" })).toBeInTheDocument();
  });

  it("shows the workspace's [pilot] model", async () => {
    await renderSettings();
    expect(api.pilotDefaults).toHaveBeenCalledWith(WORKSPACE);
    expect(screen.getByTestId("settings-pilot-provider-select")).toHaveValue("open_ai_responses");
    expect(screen.getByTestId("settings-pilot-model-input")).toHaveValue("gpt-5");
    expect(screen.getByTestId("settings-pilot-base-url-input")).toHaveValue("");
    expect(screen.queryByText(/open_ai_responses|chat_completions/)).not.toBeInTheDocument();
  });

  it("saves provider, model and base URL as the [pilot] defaults", async () => {
    const user = await renderSettings();
    await user.selectOptions(screen.getByTestId("settings-pilot-provider-select"), "chat_completions");
    await user.clear(screen.getByTestId("settings-pilot-model-input"));
    await user.type(screen.getByTestId("settings-pilot-model-input"), " qwen3-coder ");
    await user.type(screen.getByTestId("settings-pilot-base-url-input"), "http://127.0.0.1:11434/v1");
    await user.click(screen.getByTestId("pilot-settings-save"));
    await waitFor(() =>
      expect(api.setPilotDefaults).toHaveBeenCalledWith(WORKSPACE, {
        provider: "chat_completions",
        model: "qwen3-coder",
        base_url: "http://127.0.0.1:11434/v1",
      }),
    );
    expect(await screen.findByTestId("pilot-settings-saved")).toHaveTextContent(
      "new pilots and runs use qwen3-coder · OpenAI-compatible chat · http://127.0.0.1:11434/v1",
    );
  });

  it("warns when the chosen provider has no key, refuses an empty model, and shows what the backend refused", async () => {
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
    ]);
    const user = await renderSettings();
    await waitFor(() => expect(screen.getByTestId("pilot-key-notice")).toHaveTextContent("No API key for OpenAI Responses"));

    await user.clear(screen.getByTestId("settings-pilot-model-input"));
    await user.click(screen.getByTestId("pilot-settings-save"));
    expect(screen.getByTestId("pilot-settings-error")).toHaveTextContent("Type the model the pilot should use");
    expect(api.setPilotDefaults).not.toHaveBeenCalled();

    vi.mocked(api.setPilotDefaults).mockRejectedValue(new Error("the base URL `localhost` should start with http:// or https://"));
    await user.type(screen.getByTestId("settings-pilot-model-input"), "gpt-5.5");
    await user.type(screen.getByTestId("settings-pilot-base-url-input"), "localhost");
    await user.click(screen.getByTestId("pilot-settings-save"));
    expect(await screen.findByTestId("pilot-settings-error")).toHaveTextContent("should start with http:// or https://");
    expect(screen.queryByTestId("pilot-settings-saved")).not.toBeInTheDocument();
  });
});
