// One entrant of a race, as a column of the comparison: its status, time,
// tokens, cost, files changed, check result and each file's diff, and the
// button that keeps it.
import { useState } from "react";
import type { CheckResult, EntrantView, FileDiff } from "../api";
import { DiffCounts, FileDiffView } from "../diff/FileDiffView";
import { adapterName } from "../shell/adapterNames";
import { StatusDot } from "../shell/StatusDot";
import { formatModel, formatTokens } from "../sessions/format";
import { formatCost } from "../shell/money";
import { formatDuration } from "../thread/format";

/** Diffs open by themselves while an entrant changed at most this many files. */
const OPEN_UP_TO = 8;

/** "passed", "failed (exit 1)", "timed out". */
export function checkLabel(check: CheckResult): string {
  if (check.passed) return "passed";
  if (check.timed_out) return "timed out";
  return check.exit_code === null ? "failed" : `failed (exit ${check.exit_code})`;
}

function FileItem({ diff, open: openAtFirst }: { diff: FileDiff; open: boolean }) {
  const [open, setOpen] = useState(openAtFirst);
  return (
    <li data-testid="race-file" data-path={diff.path}>
      <button type="button" className="changed-file" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="path">{diff.path}</span> <DiffCounts additions={diff.additions} deletions={diff.deletions} />
      </button>
      {open && <FileDiffView diff={diff} layout="unified" />}
    </li>
  );
}

type Props = {
  view: EntrantView;
  /** The race kept an entrant already: no other can be kept. */
  decided: boolean;
  onOpenSession: (id: string) => void;
  onKeep: (view: EntrantView) => void;
};

export function EntrantColumn({ view, decided, onOpenSession, onKeep }: Props) {
  const { entrant, session } = view;
  const status = session?.status ?? "pending";
  const ended = status === "completed" || status === "failed" || status === "killed";
  const canKeep = ended && view.worktree_present && !view.problem;
  const model = formatModel(session?.model || entrant.model);
  const check = entrant.check;
  return (
    <section
      className={`race-entrant${view.kept ? " kept" : ""}`}
      data-testid="race-entrant"
      data-adapter={entrant.adapter}
      data-status={session ? status : "none"}
      aria-label={`${adapterName(entrant.adapter)} · ${model}`}
    >
      <header className="race-entrant-header">
        <StatusDot status={status} label={session ? status : "not started"} />
        <strong>{adapterName(entrant.adapter)}</strong>
        <span className="muted">{model}</span>
        {view.kept && (
          <span className="badge race-kept-badge" data-testid="race-kept">
            kept
          </span>
        )}
      </header>
      {session && (
        <button type="button" className="link small" data-testid="race-open-session" onClick={() => onOpenSession(session.id)}>
          Open session {session.id.slice(0, 8)}
        </button>
      )}
      <dl className="race-figures" data-testid="race-figures">
        <dt>Status</dt>
        <dd>{session ? status : "not started"}</dd>
        <dt>Time</dt>
        <dd>{view.wall_secs === null ? "–" : formatDuration(view.wall_secs * 1000)}</dd>
        <dt>Tokens</dt>
        <dd>{session ? formatTokens(session.usage.input_tokens + session.usage.output_tokens) : "–"}</dd>
        <dt>Cost</dt>
        <dd>{session ? formatCost(session.cost_usd, session.unpriced) : "–"}</dd>
        <dt>Files</dt>
        <dd data-testid="race-files-summary">
          {view.files.length} {view.files.length === 1 ? "file" : "files"}{" "}
          <DiffCounts additions={view.additions} deletions={view.deletions} />
        </dd>
        <dt>Check</dt>
        <dd data-testid="race-check-result" className={check ? (check.passed ? "race-passed" : "race-failed") : undefined}>
          {check ? checkLabel(check) : "not run"}
        </dd>
      </dl>
      {check && check.output.trim() !== "" && (
        <details className="race-check-output">
          <summary className="muted small">
            Output of <code>{check.command}</code>
          </summary>
          <pre data-testid="race-check-output">{check.output}</pre>
        </details>
      )}
      {view.problem && (
        <p className="warning small" role="note" data-testid="race-problem">
          {view.problem}
        </p>
      )}
      {entrant.start_error === null && !decided && (
        <button
          type="button"
          className="primary"
          data-testid="race-keep"
          disabled={!canKeep}
          title={ended ? undefined : "Wait until this agent has ended"}
          onClick={() => onKeep(view)}
        >
          Keep this one
        </button>
      )}
      {view.files.length > 0 && (
        <ul className="changed-files race-files" data-testid="race-files">
          {view.files.map((diff) => (
            <FileItem key={diff.path} diff={diff} open={view.files.length <= OPEN_UP_TO} />
          ))}
        </ul>
      )}
      {view.files.length === 0 && view.worktree_present && (
        <p className="muted small">{ended ? "It changed no file." : "No file changed yet."}</p>
      )}
    </section>
  );
}
