import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { makeMeta } from "../graph/testing/fixtures";
import { WORKSPACE } from "../shell/fixtures";
import { NewPilotDialog } from "./NewPilotDialog";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function renderDialog() {
  const onCreated = vi.fn();
  const onClose = vi.fn();
  const user = userEvent.setup();
  render(<NewPilotDialog workspace={WORKSPACE} onClose={onClose} onCreated={onCreated} />);
  return { user, onCreated, onClose };
}

describe("the new-pilot form", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.pilotDefaults).mockResolvedValue({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      base_url: "http://127.0.0.1:9000/v1",
    });
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: false, stored: false },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: true, stored: false },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false },
    ]);
  });

  it("submits the workspace's defaults as they are", async () => {
    const created = makeMeta({ id: "p9" });
    vi.mocked(api.createPilot).mockResolvedValue(created);
    const { user, onCreated } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("pilot-model-input")).toHaveValue("claude-sonnet-4-5"));
    expect(screen.getByTestId("pilot-provider-select")).toHaveValue("anthropic");
    expect(screen.getByTestId("pilot-base-url-input")).toHaveValue("http://127.0.0.1:9000/v1");
    expect(screen.getByTestId("pilot-track-files")).toBeChecked();
    expect(screen.getByText(/files over 10 MiB/)).toBeInTheDocument();
    await user.click(screen.getByTestId("create-pilot"));
    expect(api.pilotDefaults).toHaveBeenCalledWith(WORKSPACE);
    expect(api.createPilot).toHaveBeenCalledWith(WORKSPACE, {
      name: "",
      model: { provider: "anthropic", model: "claude-sonnet-4-5", base_url: "http://127.0.0.1:9000/v1" },
      track_files: true,
    });
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
  });

  it("sends what the user changed", async () => {
    vi.mocked(api.createPilot).mockResolvedValue(makeMeta());
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("pilot-model-input")).toHaveValue("claude-sonnet-4-5"));
    await user.type(screen.getByTestId("pilot-name-input"), "  local  ");
    await user.selectOptions(screen.getByTestId("pilot-provider-select"), "chat_completions");
    await user.clear(screen.getByTestId("pilot-model-input"));
    await user.type(screen.getByTestId("pilot-model-input"), "qwen3:8b");
    await user.clear(screen.getByTestId("pilot-base-url-input"));
    await user.click(screen.getByTestId("pilot-track-files"));
    await user.click(screen.getByTestId("create-pilot"));
    expect(api.createPilot).toHaveBeenCalledWith(WORKSPACE, {
      name: "local",
      model: { provider: "chat_completions", model: "qwen3:8b", base_url: null },
      track_files: false,
    });
  });

  it("flags a provider without a key, and never one that needs none", async () => {
    const { user } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("pilot-model-input")).toHaveValue("claude-sonnet-4-5"));
    expect(screen.queryByTestId("pilot-key-notice")).not.toBeInTheDocument(); // ANTHROPIC_API_KEY is set
    await user.selectOptions(screen.getByTestId("pilot-provider-select"), "open_ai_responses");
    expect(screen.getByTestId("pilot-key-notice")).toHaveTextContent("stored in the app's settings");
    await user.selectOptions(screen.getByTestId("pilot-provider-select"), "chat_completions");
    expect(screen.queryByTestId("pilot-key-notice")).not.toBeInTheDocument();
  });

  it("shows why the backend refused, and keeps the form", async () => {
    vi.mocked(api.createPilot).mockRejectedValue(new api.BackendError("could not create .zwarm/pilots: read-only"));
    const { user, onCreated } = renderDialog();
    await waitFor(() => expect(screen.getByTestId("create-pilot")).toBeEnabled());
    await user.click(screen.getByTestId("create-pilot"));
    expect(await screen.findByTestId("new-pilot-error")).toHaveTextContent("read-only");
    expect(onCreated).not.toHaveBeenCalled();
    expect(screen.getByTestId("create-pilot")).toBeEnabled();
  });
});
