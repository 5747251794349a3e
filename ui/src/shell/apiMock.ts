// For tests: a stand-in for src/api, used as
// `vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock())`.
// Defaults describe a workspace with two CLIs found, no sessions, no pilots, and
// pilot keys in the environment.
import { vi } from "vitest";
import { emptyReport } from "../spend/testing/fixtures";
import type { AgentConfigs, ApprovalListing, BudgetStatus, PilotModel, ReviewDiff, RuleList, RunInfo, RunUpdate, WorktreeSupport } from "../api";

export function createApiMock() {
  class BackendError extends Error {}
  return {
    BackendError,
    getAppInfo: vi.fn(),
    signalUiReady: vi.fn(async () => undefined),
    doctor: vi.fn(async () => []),
    sessionModes: vi.fn(async () => []),
    openWorkspace: vi.fn(),
    closeWorkspace: vi.fn(async () => undefined),
    openWorkspaces: vi.fn(async () => []),
    recentWorkspaces: vi.fn(async () => []),
    pickFolder: vi.fn(async () => null),
    listSessions: vi.fn(async () => ({ sessions: [], broken: [] })),
    getSession: vi.fn(),
    sessionEvents: vi.fn(),
    startSession: vi.fn(),
    continueSession: vi.fn(),
    forkSession: vi.fn(),
    searchSessions: vi.fn(async () => []),
    findInSession: vi.fn(async () => []),
    previewTurnFiles: vi.fn(async () => ({ plan: { changed: [], added: [], removed: [], skipped: [] }, diffs: [] })),
    killSession: vi.fn(),
    deleteSession: vi.fn(),
    rawTurn: vi.fn(),
    revealFolder: vi.fn(),
    turnDiff: vi.fn(async (): Promise<ReviewDiff> => ({
      against: { kind: "turns", from_turn: 1, to_turn: 1 },
      stat: { files: 0, additions: 0, deletions: 0 },
      files: [],
    })),
    sessionDiff: vi.fn(async (): Promise<ReviewDiff> => ({
      against: { kind: "turns", from_turn: 1, to_turn: 1 },
      stat: { files: 0, additions: 0, deletions: 0 },
      files: [],
    })),
    worktreeSupport: vi.fn(async (): Promise<WorktreeSupport> => ({
      available: false,
      why_not: "not a git repository",
      by_default: false,
      branches: [],
      current_branch: null,
    })),
    mergeWorktree: vi.fn(),
    worktreePatch: vi.fn(async () => ""),
    removeWorktree: vi.fn(),
    listWorktrees: vi.fn(async () => []),
    pruneWorktrees: vi.fn(async () => ({ removed: [], kept: [], freed_bytes: 0 })),
    revealWorktree: vi.fn(),
    workspaceTrust: vi.fn(async () => null),
    trustWorkspace: vi.fn(async () => null),
    agentSettings: vi.fn(async (): Promise<AgentConfigs> => ({
      agents: [
        { adapter: "codex", path: null, args: [], env: [] },
        { adapter: "claude", path: null, args: [], env: [] },
      ],
      untrusted: null,
      file: "/ws/.zwarm/config.toml",
    })),
    setAgentSettings: vi.fn(),
    subscribe: vi.fn(async () => undefined),
    // approvals: none waiting, no rules
    listApprovals: vi.fn(async (): Promise<ApprovalListing> => ({ approvals: [], problems: [] })),
    answerApproval: vi.fn(async () => null),
    approvalRules: vi.fn(async (): Promise<RuleList> => ({ rules: [], in_effect: true })),
    removeApprovalRule: vi.fn(async () => true),
    // pilot
    listPilots: vi.fn(async () => []),
    pilotDefaults: vi.fn(async () => ({ provider: "open_ai_responses" as const, model: "gpt-5", base_url: null })),
    setPilotDefaults: vi.fn(async (_workspace: string, model: PilotModel) => model),
    createPilot: vi.fn(),
    getPilotGraph: vi.fn(),
    sendPilot: vi.fn(),
    stopPilot: vi.fn(async () => true),
    travelPilot: vi.fn(),
    namePilotBranch: vi.fn(),
    pilotKeyStatus: vi.fn(async () => [
      { provider: "open_ai_responses" as const, env_var: "OPENAI_API_KEY", from_env: true, stored: false, source: { kind: "environment" as const, var: "OPENAI_API_KEY" }, storage: { kind: "keyring" as const } },
      { provider: "anthropic" as const, env_var: "ANTHROPIC_API_KEY", from_env: true, stored: false, source: { kind: "environment" as const, var: "ANTHROPIC_API_KEY" }, storage: { kind: "keyring" as const } },
      { provider: "chat_completions" as const, env_var: null, from_env: false, stored: false, source: null, storage: { kind: "keyring" as const } },
    ]),
    setPilotKey: vi.fn(async () => null),
    // spend: nothing spent, no budgets, an empty price table
    getSpendReport: vi.fn(async () => emptyReport()),
    exportSpendCsv: vi.fn(async (): Promise<string | null> => null),
    getBudget: vi.fn(async () => ({
      workspace_usd: null as number | null,
      pilot_usd: null as number | null,
      enforce_on_sessions: false as boolean | undefined,
    })),
    sessionBudget: vi.fn(async () => ({
      status: null as BudgetStatus | null,
      warning: null as string | null,
      refusal: null as string | null,
    })),
    setBudget: vi.fn(async () => null),
    getPriceTable: vi.fn(async () => ({ entries: [], overridden: [] })),
    setPrice: vi.fn(async () => null),
    removePrice: vi.fn(async () => true),
    setPilotBudget: vi.fn(),
    // orchestrate: no runs yet
    listRuns: vi.fn(async (): Promise<RunInfo[]> => []),
    runDefaults: vi.fn(async () => ({ max_steps: 60, budget_usd: null, shell: true, shell_timeout_secs: 120, shell_output_chars: 8000 })),
    startRun: vi.fn(),
    pauseRun: vi.fn(),
    resumeRun: vi.fn(),
    stopRun: vi.fn(),
    deleteRun: vi.fn(async () => undefined),
    subscribeRuns: vi.fn(async (_workspace: string, _onUpdate: (update: RunUpdate) => void) => undefined),
    // pilot files: nothing to restore
    previewPilotFiles: vi.fn(async () => ({ plan: { changed: [], added: [], removed: [], skipped: [] }, diffs: [] })),
    restorePilotFiles: vi.fn(),
    // races: none yet
    startRace: vi.fn(),
    showRace: vi.fn(),
    checkRace: vi.fn(),
    keepRaceEntrant: vi.fn(),
  };
}
