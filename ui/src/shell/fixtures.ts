// For tests: sample backend values.
import type { AdapterModes, AppInfo, Approval, CliReport, SessionSummary } from "../api";

export const WORKSPACE = "/home/dev/proj";

export const appInfo: AppInfo = {
  version: "0.1.0",
  core_version: "0.1.0",
  workspace: { root: WORKSPACE, name: "proj", has_state: true },
  workspace_error: null,
  settings_notice: null,
};

export function makeSession(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: "s1",
    status: "completed",
    adapter: "codex",
    model: "gpt-5-codex",
    mode: "workspace-write",
    title: "Fix the flaky test",
    task: "Fix the flaky test\nin tests/io.rs",
    turn: 2,
    usage: {
      input_tokens: 12000,
      cached_input_tokens: 0,
      cache_write_input_tokens: 0,
      output_tokens: 345,
      reasoning_output_tokens: 0,
    },
    cost_usd: 0.0123,
    unpriced: false,
    source: "user",
    created_at: "2026-01-01T10:00:00.000000",
    updated_at: "2026-01-01T10:05:00.000000",
    ended_at: "2026-01-01T10:05:00.000000",
    error: null,
    working_dir: WORKSPACE,
    agent_session_id: null,
    problem: null,
    forked_from: null,
    race: null,
    worktree: null,
    ...overrides,
  };
}

export const modes: AdapterModes[] = [
  {
    adapter: "codex",
    modes: [
      { name: "workspace-write", dangerous: false },
      { name: "ask", dangerous: false },
      { name: "read-only", dangerous: false },
      { name: "danger-full-access", dangerous: true },
    ],
    default: "workspace-write",
  },
  {
    adapter: "claude",
    modes: [
      { name: "acceptEdits", dangerous: false },
      { name: "bypassPermissions", dangerous: true },
    ],
    default: "acceptEdits",
  },
];

export function cliReport(cli: string, found: boolean): CliReport {
  return {
    cli,
    display_name: cli === "codex" ? "Codex CLI" : "Claude Code",
    found: found ? `/usr/local/bin/${cli}` : null,
    version: found ? "1.2.3" : null,
    version_error: null,
    tested_version: "1.2.3",
    version_note: null,
    searched: [
      { path: "/usr/local/bin", kind: "path", found },
      { path: "/home/dev/.npm-global/bin", kind: "npm_global_prefix", found: false },
    ],
    fix: found ? null : `Install it with: npm install -g ${cli}`,
    login: found
      ? {
          state: "ready",
          words: cli === "codex" ? "Codex is logged in with a ChatGPT account." : "Claude Code uses an API key from ANTHROPIC_API_KEY.",
          command: `${cli} ${cli === "codex" ? "login" : "auth"} status`,
        }
      : null,
  };
}

export function makeApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: "a1b2c3d4e5f6",
    session_id: "s1",
    turn: 1,
    adapter: "codex",
    action: { kind: "command", command: "curl -X POST https://deploy.example/hook" },
    cwd: WORKSPACE,
    reason: null,
    requested_at: "2026-01-01T10:06:00.000000",
    waiter_pid: 4242,
    waiter_start_time: 1,
    ...overrides,
  };
}
