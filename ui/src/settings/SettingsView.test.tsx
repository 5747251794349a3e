import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { cliReport } from "../shell/fixtures";
import { argsOf, argsText } from "./AgentSettings";
import { SettingsView } from "./SettingsView";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKSPACE = "/home/dev/proj";

const configs = (over: Partial<api.AgentConfigs> = {}): api.AgentConfigs => ({
  agents: [
    { adapter: "codex", path: "/opt/codex/bin/codex", args: ["-c", 'model_reasoning_effort="high"'], env: [] },
    { adapter: "claude", path: null, args: [], env: ["GITHUB_TOKEN"] },
  ],
  untrusted: null,
  file: `${WORKSPACE}/.zwarm/config.toml`,
  ...over,
});

function renderSettings() {
  const user = userEvent.setup();
  render(<SettingsView workspace={WORKSPACE} />);
  return user;
}

const section = (name: string) => screen.getByTestId(`settings-section-${name}`);

describe("Settings", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.doctor).mockResolvedValue([
      { ...cliReport("codex", true), found: "/opt/codex/bin/codex", version: "codex-cli 0.169.0" },
      cliReport("claude", false),
    ]);
    vi.mocked(api.agentSettings).mockResolvedValue(configs());
  });

  it("has one heading per section: Agents, Approvals, Keys, Pilot, Budgets, Prices, Worktrees", async () => {
    renderSettings();
    await screen.findByTestId("pilot-settings");
    const sections = screen.getAllByRole("region");
    expect(sections.map((s) => within(s).getAllByRole("heading").map((h) => h.textContent))).toEqual([
      ["Agents"],
      ["Approvals"],
      ["Keys"],
      ["Pilot"],
      ["Budgets"],
      ["Prices"],
      ["Worktrees"],
    ]);
  });

  it("lays every form's inputs on the same columns", () => {
    const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "spendSettings.css"), "utf8");
    const grid = css.split("\n").find((line) => line.includes("grid-template-columns: repeat(3, minmax(0, 1fr))"));
    for (const form of [".price-form", ".budget-form", ".settings-view .form-row"]) expect(grid).toContain(form);
    const full = css.split("\n").find((line) => line.includes("{ width: 100%; box-sizing: border-box; }"));
    for (const input of [".settings-fields > input", ".settings-view .form-row input", ".budget-form input", ".price-form input"]) {
      expect(full).toContain(input);
    }
  });

  it("shows each CLI's path and arguments from the file, the version found and where, and its login", async () => {
    renderSettings();
    const forms = await screen.findAllByTestId("agent-form");
    const [codex, claude] = forms;
    expect(within(codex).getByTestId("agent-path-input")).toHaveValue("/opt/codex/bin/codex");
    expect(within(codex).getByTestId("agent-args-input")).toHaveValue('-c\nmodel_reasoning_effort="high"');
    await waitFor(() => expect(within(codex).getByTestId("cli-version")).toHaveTextContent("codex-cli 0.169.0"));
    expect(within(codex).getByTestId("cli-found")).toHaveTextContent("/opt/codex/bin/codex");
    expect(within(codex).getByTestId("cli-login")).toHaveTextContent("Codex is logged in with a ChatGPT account.");
    expect(within(claude).getByTestId("agent-path-input")).toHaveValue("");
    expect(claude).toHaveTextContent("not found");
    expect(claude).toHaveTextContent("GITHUB_TOKEN");
    expect(api.doctor).toHaveBeenCalledWith(WORKSPACE);
  });

  it("saves a CLI's path and one argument a line, says it is in effect, and asks the doctor again", async () => {
    vi.mocked(api.setAgentSettings).mockResolvedValue(
      configs({ agents: [configs().agents[0], { adapter: "claude", path: "/opt/claude", args: ["--max-turns", "30"], env: [] }] }),
    );
    const user = renderSettings();
    const claude = (await screen.findAllByTestId("agent-form"))[1];
    await user.type(within(claude).getByTestId("agent-path-input"), " /opt/claude ");
    await user.type(within(claude).getByTestId("agent-args-input"), "--max-turns\n\n30");
    await user.click(within(claude).getByTestId("agent-settings-save"));
    await waitFor(() =>
      expect(api.setAgentSettings).toHaveBeenCalledWith(WORKSPACE, { adapter: "claude", path: "/opt/claude", args: ["--max-turns", "30"] }),
    );
    expect(await within(claude).findByTestId("agent-settings-saved")).toHaveTextContent("in effect for the next turn");
    expect(within(claude).getByTestId("agent-args-input")).toHaveValue("--max-turns\n30");
    expect(api.doctor).toHaveBeenCalledTimes(2);
  });

  it("says when saved values wait for trust, and trusts exactly what it lists", async () => {
    const untrusted = { root: WORKSPACE, fingerprint: "abc", wants: { settings: ['[claude] env = ["AWS_*"] (variables its agents keep)'] } };
    vi.mocked(api.agentSettings).mockResolvedValueOnce(configs({ untrusted }));
    vi.mocked(api.setAgentSettings).mockResolvedValue(configs({ untrusted }));
    vi.mocked(api.setAgentSettings).mockRejectedValueOnce(new Error("the path `bin/codex` is not absolute: type the full path"));
    const user = renderSettings();
    const notice = await screen.findByTestId("agent-settings-untrusted");
    expect(notice).toHaveTextContent('[claude] env = ["AWS_*"]');
    const codex = screen.getAllByTestId("agent-form")[0];
    await user.click(within(codex).getByTestId("agent-settings-save"));
    expect(await within(codex).findByTestId("agent-settings-error")).toHaveTextContent("is not absolute");
    await user.click(within(codex).getByTestId("agent-settings-save"));
    expect(await within(codex).findByTestId("agent-settings-saved")).toHaveTextContent("not in effect");

    await user.click(screen.getByTestId("agent-settings-trust"));
    await waitFor(() => expect(api.trustWorkspace).toHaveBeenCalledWith(WORKSPACE, "abc"));
    await waitFor(() => expect(screen.queryByTestId("agent-settings-untrusted")).not.toBeInTheDocument());
  });

  it("lists every key with its source: the pilot's providers and each agent CLI's credentials", async () => {
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment", var: "OPENAI_API_KEY" }, storage: { kind: "keyring" } },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: true, source: { kind: "keyring" }, storage: { kind: "keyring" } },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" } },
    ]);
    renderSettings();
    const keys = section("keys");
    await waitFor(() => expect(within(keys).getAllByTestId("pilot-key-row")).toHaveLength(3));
    const sources = within(keys).getAllByTestId("pilot-key-source").map((s) => s.textContent);
    expect(sources).toEqual([
      "from the environment (OPENAI_API_KEY)",
      "saved in the system keyring",
      "none (most local servers need none)",
    ]);
    await waitFor(() => expect(within(keys).getAllByTestId("agent-key-row")).toHaveLength(2));
    const [codex, claude] = within(keys).getAllByTestId("agent-key-row");
    expect(codex).toHaveTextContent("Codex is logged in with a ChatGPT account.");
    expect(claude).toHaveTextContent("not found: set its path in Settings → Agents");

    // Saving a key says so.
    const user = userEvent.setup();
    const [, anthropic] = within(keys).getAllByTestId("pilot-key-row");
    await user.type(within(anthropic).getByTestId("pilot-key-input"), "sk-ant-test");
    await user.click(within(anthropic).getByTestId("pilot-key-save"));
    expect(api.setPilotKey).toHaveBeenCalledWith("anthropic", "sk-ant-test");
    expect(await within(keys).findByTestId("pilot-key-saved")).toHaveTextContent("Saved.");
  });
});

describe("the arguments box", () => {
  it("is one argument a line, kept as typed", () => {
    expect(argsOf('-c\n  \nmodel="a b"\n')).toEqual(["-c", 'model="a b"']);
    expect(argsText(["--max-turns", "30"])).toBe("--max-turns\n30");
  });
});
