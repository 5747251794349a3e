// The one module through which the UI talks to the backend. Components and
// stores import from here, never from "@tauri-apps/api" or the generated
// bindings directly (a test enforces it), so the IPC surface stays in one place
// and tests can replace it with a single `vi.mock("../api")`.
//
// Every function returns the data or throws a `BackendError` carrying the
// backend's message (written for the user).
import { Channel } from "@tauri-apps/api/core";
import { commands } from "../bindings";
import type { EventHit, FileDiff, MergeMode, RestoreOutcome, RestorePlan, RestorePreview } from "../bindings";
import type {
  Adapter,
  AdapterModes,
  AgentConfig,
  AgentConfigs,
  AgentEdit,
  AgentEvent,
  AppInfo,
  CliReport,
  CommandError,
  EngineEvent,
  EventPage,
  FileChange,
  FileChangeKind,
  Item,
  ItemStatus,
  KeySource,
  KeyStatus,
  KeyStorage,
  KillResult,
  LoginCheck,
  LoginState,
  ModeInfo,
  NewPilotRequest,
  NewSessionRequest,
  Node as PilotNode,
  NodeKind,
  PilotEvent,
  PilotGraph,
  PilotInfo,
  PilotMeta,
  PilotModel,
  Provider,
  ResumeMode,
  SearchedPath,
  SessionDetail,
  SessionEvent,
  SessionList,
  SessionSnapshot,
  SessionStatus,
  SessionSummary,
  StreamEvent,
  TodoItem,
  TokenUsage,
  TurnRecord,
  Untrusted,
  Value,
  WorkspaceInfo,
} from "../bindings";

export type {
  Adapter,
  AdapterModes,
  AgentConfig,
  AgentConfigs,
  AgentEdit,
  AgentEvent,
  AppInfo,
  CliReport,
  EngineEvent,
  EventPage,
  FileChange,
  FileChangeKind,
  Item,
  ItemStatus,
  KeySource,
  KeyStatus,
  KeyStorage,
  KillResult,
  LoginCheck,
  LoginState,
  ModeInfo,
  NewPilotRequest,
  NewSessionRequest,
  NodeKind,
  PilotEvent,
  PilotGraph,
  PilotInfo,
  PilotMeta,
  PilotModel,
  PilotNode,
  Provider,
  ResumeMode,
  SearchedPath,
  SessionDetail,
  SessionEvent,
  SessionList,
  SessionSnapshot,
  SessionStatus,
  SessionSummary,
  StreamEvent,
  TodoItem,
  TokenUsage,
  TurnRecord,
  Untrusted,
  Value,
  WorkspaceInfo,
};

export class BackendError extends Error {}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new BackendError(result.error.message);
  return result.data;
}

/** Versions and the first workspace, for the app shell. */
export const getAppInfo = (): Promise<AppInfo> => commands.appInfo();

/** Tells the backend the first screen is drawn (logged; `make run SCREENSHOT=` waits for it). */
export const signalUiReady = (): Promise<void> => commands.uiReady();

export const doctor = (workspace: string | null) => unwrap(commands.doctor(workspace));
/** Each CLI's modes, with the default a new session gets in `workspace` (its `[codex]`/`[claude] mode`). */
export const sessionModes = (workspace: string | null = null): Promise<AdapterModes[]> => commands.sessionModes(workspace);

export const openWorkspace = (path: string) => unwrap(commands.openWorkspace(path));
export const closeWorkspace = (workspace: string) => commands.closeWorkspace(workspace);
export const openWorkspaces = () => commands.openWorkspaces();
export const recentWorkspaces = () => unwrap(commands.recentWorkspaces());
export const pickFolder = () => unwrap(commands.pickFolder());

export const listSessions = (workspace: string, status: SessionStatus | null = null) =>
  unwrap(commands.listSessions(workspace, status));
export const getSession = (workspace: string, id: string) => unwrap(commands.getSession(workspace, id));
export const sessionEvents = (workspace: string, id: string, offset: number, limit: number) =>
  unwrap(commands.sessionEvents(workspace, id, offset, limit));
export const startSession = (workspace: string, request: NewSessionRequest) =>
  unwrap(commands.startSession(workspace, request));
export const continueSession = (workspace: string, id: string, message: string) =>
  unwrap(commands.continueSession(workspace, id, message));
/**
 * Branches a session after `turn`: the new session, a child of the original (`forked_from`). With
 * `restoreFiles`, the workspace's files are also put back as they were after that turn.
 */
export const forkSession = (workspace: string, id: string, turn: number, restoreFiles = false) =>
  unwrap(commands.forkSession(workspace, id, turn, restoreFiles));
/** Where in a session's transcript the words of `query` occur (offset, turn, index), in order. */
export const findInSession = (workspace: string, id: string, query: string) =>
  unwrap(commands.findInSession(workspace, id, query));
/** The ids of the sessions whose title, prompts or messages hold every word of `query`. */
export const searchSessions = (workspace: string, query: string) => unwrap(commands.searchSessions(workspace, query));
/** What putting the files back as they were after `turn` would change, with each file's diff. */
export const previewTurnFiles = (workspace: string, id: string, turn: number): Promise<RestorePreview> =>
  unwrap(commands.previewTurnFiles(workspace, id, turn));
export const killSession = (workspace: string, id: string) => unwrap(commands.killSession(workspace, id));
export const deleteSession = (workspace: string, id: string) => unwrap(commands.deleteSession(workspace, id));
export const rawTurn = (workspace: string, id: string, turn: number) => unwrap(commands.rawTurn(workspace, id, turn));
export const revealFolder = (workspace: string, path: string) => unwrap(commands.revealFolder(workspace, path));

/** What turn `turn` of a session changed: its files when it started against when it ended. */
export const turnDiff = (workspace: string, id: string, turn: number) => unwrap(commands.turnDiff(workspace, id, turn));
/** Everything a session changed: its worktree against its base, or its first recorded files against its last. */
export const sessionDiff = (workspace: string, id: string) => unwrap(commands.sessionDiff(workspace, id));
/** Whether new sessions can run in worktrees of their own here, and from which branches. */
export const worktreeSupport = (workspace: string) => unwrap(commands.worktreeSupport(workspace));
/** Commits a worktree session's leftovers and merges its branch home; refused with the files on a conflict. */
export const mergeWorktree = (workspace: string, id: string, mode: MergeMode) =>
  unwrap(commands.mergeWorktree(workspace, id, mode));
/** A worktree session's work as a patch `git apply` takes. */
export const worktreePatch = (workspace: string, id: string) => unwrap(commands.worktreePatch(workspace, id));
/** Removes a session's worktree; refused while it has uncommitted work unless `force`. */
export const removeWorktree = (workspace: string, id: string, force: boolean) =>
  unwrap(commands.removeWorktree(workspace, id, force));
export const listWorktrees = (workspace: string) => unwrap(commands.listWorktrees(workspace));
/** Removes the clean worktrees of ended sessions left alone for `days` days. */
export const pruneWorktrees = (workspace: string, days: number) => unwrap(commands.pruneWorktrees(workspace, days));
/** Opens a session's worktree folder in the file manager. */
export const revealWorktree = (workspace: string, id: string) => unwrap(commands.revealWorktree(workspace, id));

/** What the workspace's config asks for that needs the user's trust; null when nothing. */
export const workspaceTrust = (workspace: string) => unwrap(commands.workspaceTrust(workspace));
/** Trusts exactly the settings shown (by their fingerprint); refused if the file changed since. */
export const trustWorkspace = (workspace: string, fingerprint: string) =>
  unwrap(commands.trustWorkspace(workspace, fingerprint));
/** Each agent CLI's `[codex]` / `[claude]` path and args as the config has them, and whether they apply. */
export const agentSettings = (workspace: string) => unwrap(commands.agentSettings(workspace));
/** Saves one CLI's path and args (trusted at once when the rest of the file already was). */
export const setAgentSettings = (workspace: string, edit: AgentEdit) => unwrap(commands.setAgentSettings(workspace, edit));

/**
 * Live updates of one workspace: new or changed transcript events (upsert by
 * turn and index), session changes and removals. The backend keeps one
 * subscription per workspace; subscribing again replaces it.
 */
export async function subscribe(workspace: string, onEvent: (event: EngineEvent) => void): Promise<void> {
  const channel = new Channel<EngineEvent>();
  channel.onmessage = onEvent;
  await unwrap(commands.subscribe(workspace, channel));
}

// ---------------------------------------------------------------------------
// Pilot: an LLM that drives executor sessions, its conversation recorded as a
// graph of checkpoints (`PilotNode`, called `Node` in the bindings; renamed
// here so it cannot be confused with the DOM's `Node`).

/** The workspace's pilots, newest first. */
export const listPilots = (workspace: string) => unwrap(commands.pilotList(workspace));
/** The model a new pilot gets unless the form says otherwise (`[pilot]` in `.zwarm/config.toml`). */
export const pilotDefaults = (workspace: string) => unwrap(commands.pilotDefaults(workspace));
/**
 * Saves the workspace's `[pilot]` provider, model and base URL (an empty URL
 * removes it: the provider's usual one). Existing pilots keep their own model.
 * Resolves to the defaults as read back from the file.
 */
export const setPilotDefaults = (workspace: string, model: PilotModel) => unwrap(commands.setPilotDefaults(workspace, model));
export const createPilot = (workspace: string, request: NewPilotRequest) =>
  unwrap(commands.pilotCreate(workspace, request));
/** The pilot's metadata and every checkpoint, in recording order (parents first). */
export const getPilotGraph = (workspace: string, pilot: string) => unwrap(commands.pilotGraph(workspace, pilot));

/**
 * Runs one pilot turn from `from` (a node id or label, `"root"` for a fresh
 * start, `null` for the pilot's current node). Progress (text and reasoning
 * deltas, tool calls, retries) arrives on `onEvent` while it runs; the answer
 * is the recorded node. A turn that fails records nothing and throws a
 * `BackendError` with the reason (a rejected key, a server down).
 */
export async function sendPilot(
  workspace: string,
  pilot: string,
  message: string,
  from: string | null,
  onEvent: (event: PilotEvent) => void,
): Promise<PilotNode> {
  const channel = new Channel<PilotEvent>();
  channel.onmessage = onEvent;
  return unwrap(commands.pilotSend(workspace, pilot, message, from, channel));
}

/** Stops the pilot's running turn (it is still recorded, as stopped); `false` when none was running. */
export const stopPilot = (pilot: string): Promise<boolean> => commands.pilotStop(pilot);
/** Makes `node` (or, with `null`, the start) the node the next message continues from. Nothing is deleted. */
export const travelPilot = (workspace: string, pilot: string, node: string | null) =>
  unwrap(commands.pilotTravel(workspace, pilot, node));
/** Names the branch through `node`; an empty name removes it. */
export const namePilotBranch = (workspace: string, pilot: string, node: string, name: string) =>
  unwrap(commands.pilotNameBranch(workspace, pilot, node, name));
/** For each provider, where its key comes from (environment, system keyring, private file) and where a saved key goes. */
export const pilotKeyStatus = () => unwrap(commands.pilotKeyStatus());
/** Saves (or, with `null`, forgets) a provider's key in the system keyring or the app's private key file, never under `.zwarm/`. */
export const setPilotKey = (provider: Provider, key: string | null) => unwrap(commands.setPilotKey(provider, key));
/** What restoring the workspace files recorded at `node` would change, add and remove, with each file's diff. */
export const previewPilotFiles = (workspace: string, pilot: string, node: string): Promise<RestorePreview> =>
  unwrap(commands.pilotPreviewFiles(workspace, pilot, node));
/** Restores the files recorded at `node`, after recording a backup node of the current ones. */
export const restorePilotFiles = (workspace: string, pilot: string, node: string): Promise<RestoreOutcome> =>
  unwrap(commands.pilotRestoreFiles(workspace, pilot, node));
export type { EventHit, FileDiff, RestoreOutcome, RestorePlan, RestorePreview };
export type {
  DiffBase,
  DiffStat,
  Isolation,
  KeptWorktree,
  MergeMode,
  MergeOutcome,
  ReviewDiff,
  WorktreePrune,
  WorktreeRef,
  WorktreeStatus,
  WorktreeSupport,
} from "../bindings";

// ---------------------------------------------------------------------------
// Spend: what the workspace's turns cost (the pilots' LLM calls and the agent
// CLIs' turns), the budgets that stop new agent turns, and the price table
// behind our estimates. `Totals` and `Group` are renamed `SpendTotals` and
// `SpendGroup` here: the bare names say nothing outside this feature.
import type {
  BudgetConfig,
  BudgetLevel,
  BudgetStatus,
  Group as SpendGroup,
  PriceEntry,
  PriceTableView,
  SessionBudgetCheck,
  SpendReport,
  Totals as SpendTotals,
} from "../bindings";

export type {
  BudgetConfig,
  BudgetLevel,
  BudgetStatus,
  PriceEntry,
  PriceTableView,
  SessionBudgetCheck,
  SpendGroup,
  SpendReport,
  SpendTotals,
};

/** Totals for today, this week and all time, grouped by day, model, adapter, session and pilot, with budgets. */
export const getSpendReport = (workspace: string) => unwrap(commands.spendReport(workspace));
/**
 * Writes every turn's spend as CSV to a file the user picks in the native save
 * dialog (the page never names the path). Resolves to the written path, or
 * `null` when the user cancelled.
 */
export const exportSpendCsv = (workspace: string) => unwrap(commands.exportSpendCsv(workspace));
/** The `[budget]` table of `.zwarm/config.toml`. */
export const getBudget = (workspace: string) => unwrap(commands.budget(workspace));
export const setBudget = (workspace: string, budget: BudgetConfig) => unwrap(commands.setBudget(workspace, budget));
/**
 * Where the workspace budget stands for a session the user starts or
 * continues: a warning from 80 %, a refusal at 100 % when `[budget]
 * enforce_on_sessions` is on (then `startSession` and `continueSession` fail
 * with that same text).
 */
export const sessionBudget = (workspace: string): Promise<SessionBudgetCheck> => unwrap(commands.sessionBudget(workspace));
/** The prices in force (built-in plus `.zwarm/pricing.toml`) and which prefixes the workspace overrides. */
export const getPriceTable = (workspace: string) => unwrap(commands.priceTable(workspace));
/** Adds or replaces a workspace price; new turns are priced with it at once. */
export const setPrice = (workspace: string, entry: PriceEntry) => unwrap(commands.setPrice(workspace, entry));
/** Removes a workspace override so the built-in price applies again; `false` when there was none. */
export const removePrice = (workspace: string, prefix: string) => unwrap(commands.removePrice(workspace, prefix));
/** Sets (or, with `null`, clears) one pilot's own budget, which wins over `[budget] pilot_usd`. */
export const setPilotBudget = (workspace: string, pilot: string, usd: number | null) =>
  unwrap(commands.pilotSetBudget(workspace, pilot, usd));

// ---------------------------------------------------------------------------
// Orchestrate: autonomous runs. A run is an LLM working on a task alone, step
// by step, until it calls `finish`, hits a limit or a watcher stops it. It is
// stored like a pilot (read its steps with `getPilotGraph`); its task, limits
// and state are `PilotMeta.run`.
import type {
  Intervention,
  NewRunRequest,
  OrchestrateConfig,
  RunEvent,
  RunInfo,
  RunState,
  RunStatus,
  RunUpdate,
  WatcherAction,
} from "../bindings";

export type { Intervention, NewRunRequest, OrchestrateConfig, RunEvent, RunInfo, RunState, RunStatus, RunUpdate, WatcherAction };

/** The workspace's runs with their spend, and whether this window drives each. */
export const listRuns = (workspace: string) => unwrap(commands.runList(workspace));
/** The workspace's `[orchestrate]` defaults, which the start-run form starts from. */
export const runDefaults = (workspace: string) => unwrap(commands.runDefaults(workspace));
/** Creates a run and starts driving it; `null` fields take `[orchestrate]`'s defaults. */
export const startRun = (workspace: string, request: NewRunRequest) => unwrap(commands.runStart(workspace, request));
/** Pauses the run after its current step. */
export const pauseRun = (workspace: string, run: string) => unwrap(commands.runPause(workspace, run));
/** Sets a paused or stopped run running again, from its last step. */
export const resumeRun = (workspace: string, run: string) => unwrap(commands.runResume(workspace, run));
/** Stops the run at once (the LLM call in flight is cancelled). */
export const stopRun = (workspace: string, run: string) => unwrap(commands.runStop(workspace, run));
/** Deletes a run that is not running; its spend stays in the totals. */
export const deleteRun = (workspace: string, run: string) => unwrap(commands.runDelete(workspace, run));

/**
 * Progress of the workspace's runs (stream deltas, tool calls, interventions,
 * finished steps) and their state changes. The backend keeps one subscriber
 * per workspace (subscribing again replaces it) and resumes runs that were
 * running when the app closed.
 */
export async function subscribeRuns(workspace: string, onUpdate: (update: RunUpdate) => void): Promise<void> {
  const channel = new Channel<RunUpdate>();
  channel.onmessage = onUpdate;
  await unwrap(commands.runSubscribe(workspace, channel));
}

// ---------------------------------------------------------------------------
// Races: one task run by several agents at once, each in a git worktree of
// its own, compared side by side (status, time, tokens, cost, files and
// diffs, an optional check command), and one entrant kept: merged home, the
// others' worktrees removed.
import type {
  CheckResult,
  DirtyEntrant,
  Entrant,
  EntrantRequest,
  EntrantView,
  KeepOutcome,
  KeepRefusal,
  KeptWinner,
  Race,
  RaceComparison,
  RaceRequest,
  RaceStarted,
} from "../bindings";

export type {
  CheckResult,
  DirtyEntrant,
  Entrant,
  EntrantRequest,
  EntrantView,
  KeepOutcome,
  KeepRefusal,
  KeptWinner,
  Race,
  RaceComparison,
  RaceRequest,
  RaceStarted,
};

/** Starts the race; refused before any agent runs when a CLI is missing, the folder is not in git, or the budget is spent. */
export const startRace = (workspace: string, request: RaceRequest) => unwrap(commands.raceStart(workspace, request));
/** A race's entrants side by side, each with its session, time, files and diffs. */
export const showRace = (workspace: string, id: string) => unwrap(commands.raceShow(workspace, id));
/** Runs the race's check (or `command`, which becomes its check) in every ended entrant's worktree; resolves to the new comparison. */
export const checkRace = (workspace: string, id: string, command: string | null = null) =>
  unwrap(commands.raceCheck(workspace, id, command));
/**
 * Merges entrant `session` into the base branch and removes the others' worktrees. A conflict, or
 * the others' uncommitted work without `force`, resolves to `{ kind: "refused" }` with nothing changed.
 */
export const keepRaceEntrant = (workspace: string, id: string, session: string, force = false) =>
  unwrap(commands.raceKeep(workspace, id, session, force));

// Approvals: "Ask me" sessions wait for the user before a command or a file
// change; the answer may come from here or from `zwarm approve`/`zwarm deny`.
// Pending approvals change live (`EngineEvent` of kind "approvals").
import type { Answer, Approval, ApprovalAction, ApprovalListing, ApprovalRule, ProposedChange, RuleList } from "../bindings";

export type { Answer, Approval, ApprovalAction, ApprovalListing, ApprovalRule, ProposedChange, RuleList };

/** Every pending approval of the workspace, oldest first, and the request files that could not be read. */
export const listApprovals = (workspace: string) => unwrap(commands.listApprovals(workspace));
/** Approves (for good with `always`) or denies (telling the agent `reason`) a pending approval. */
export const answerApproval = (workspace: string, id: string, answer: Answer) =>
  unwrap(commands.answerApproval(workspace, id, answer));
/** The workspace's "always" rules, and whether they apply (not when the file is not what zwarm wrote for you). */
export const approvalRules = (workspace: string) => unwrap(commands.approvalRules(workspace));
/** Removes an "always" rule: that action is asked about again. */
export const removeApprovalRule = (workspace: string, id: string) => unwrap(commands.removeApprovalRule(workspace, id));
