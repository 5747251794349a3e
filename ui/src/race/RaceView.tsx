// A race's comparison in the main area: the task, the base and the check,
// then one column per entrant side by side. It is read again whenever one of
// the entrants' sessions changes (the live listing says so), so running
// agents' status, time and files move on without polling; once all have
// ended, the race's check runs by itself.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { checkRace, showRace, type EntrantView, type RaceComparison, type SessionSummary } from "../api";
import { adapterName } from "../shell/adapterNames";
import { useBeat } from "../shell/beat";
import { messageOf } from "../shell/errors";
import { EntrantColumn } from "./EntrantColumn";
import { KeepDialog } from "./KeepDialog";
import "./race.css";

type Props = {
  workspace: string;
  raceId: string;
  /** The workspace's sessions as listed live: a change of an entrant's reloads the comparison. */
  sessions: SessionSummary[];
  onOpenSession: (id: string) => void;
};

/** What of the entrants' sessions the comparison depends on. */
function entrantsStamp(sessions: SessionSummary[], raceId: string): string {
  return sessions
    .filter((s) => s.race === raceId)
    .map((s) => `${s.id}:${s.status}:${s.updated_at}`)
    .sort()
    .join("|");
}

/** The branch the worktrees were made from: as asked, else the one HEAD was on. */
function baseOf({ race, entrants }: RaceComparison): string {
  return race.base ?? entrants.find((e) => e.worktree?.base_branch)?.worktree?.base_branch ?? "HEAD";
}

/** Every entrant that started has ended, and none was checked yet. */
function allEndedUnchecked(comparison: RaceComparison): boolean {
  const started = comparison.entrants.filter((e) => e.session !== null);
  return (
    started.length > 0 &&
    started.every((e) => e.session?.status !== "running" && e.session?.status !== "pending") &&
    comparison.entrants.every((e) => e.entrant.check === null)
  );
}

export function RaceView({ workspace, raceId, sessions, onOpenSession }: Props) {
  const [comparison, setComparison] = useState<RaceComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkCommand, setCheckCommand] = useState("");
  const [keeping, setKeeping] = useState<EntrantView | null>(null);
  const [reloads, setReloads] = useState(0);
  const stamp = useMemo(() => entrantsStamp(sessions, raceId), [sessions, raceId]);

  useEffect(() => {
    let live = true;
    showRace(workspace, raceId).then(
      (answer) => {
        if (!live) return;
        setComparison(answer);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [workspace, raceId, stamp, reloads]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const runCheck = useCallback(
    async (command: string | null) => {
      setChecking(true);
      setError(null);
      try {
        setComparison(await checkRace(workspace, raceId, command));
      } catch (e) {
        setError(messageOf(e));
      }
      setChecking(false);
    },
    [workspace, raceId],
  );

  // Once every agent has ended, the race's own check runs by itself (once
  // per opening), as `zwarm race` does after waiting.
  const autoChecked = useRef(false);
  const due = comparison !== null && comparison.race.check !== null && allEndedUnchecked(comparison);
  useEffect(() => {
    if (!due || autoChecked.current) return;
    autoChecked.current = true;
    void runCheck(null);
  }, [due, runCheck]);
  const running = comparison?.entrants.some((e) => e.session?.status === "running" || e.session?.status === "pending") ?? false;
  useBeat(running);

  if (error && !comparison) {
    return (
      <p role="alert" className="error" data-testid="race-view-error">
        Could not read the race: {error}
      </p>
    );
  }
  if (!comparison) return <p className="muted">Loading the race…</p>;

  const { race, entrants } = comparison;
  const checkable = entrants.some((e) => e.worktree_present && e.session && e.session.status !== "running" && e.session.status !== "pending");
  const command = race.check ?? (checkCommand.trim() || null);

  const kept = race.kept ? entrants.find((e) => e.entrant.session_id === race.kept?.session_id) : undefined;
  return (
    <div className="race-view" data-testid="race-view" data-race-id={race.id}>
      <header className="race-header">
        <h2 className="race-title" title={race.task}>
          Race · {race.task.split("\n")[0]}
        </h2>
        <p className="muted small">
          {entrants.length} agents, each in a worktree from <strong data-testid="race-base">{baseOf(comparison)}</strong>
          {race.check && (
            <>
              {" "}
              · check <code data-testid="race-check-command">{race.check}</code>
            </>
          )}
        </p>
        <div className="race-actions">
          {!race.check && (
            <input
              aria-label="Check command"
              data-testid="race-view-check-input"
              value={checkCommand}
              placeholder="A check command, e.g. npm test"
              onChange={(e) => setCheckCommand(e.target.value)}
            />
          )}
          <button
            type="button"
            data-testid="race-run-check"
            disabled={checking || !checkable || command === null}
            title={checkable ? undefined : "The check runs once an agent has ended"}
            onClick={() => void runCheck(race.check ? null : command)}
          >
            {checking ? "Checking…" : "Run check"}
          </button>
        </div>
        {race.kept && (
          <p className="race-kept-note small" data-testid="race-kept-note">
            Kept {kept ? adapterName(kept.entrant.adapter) : race.kept.session_id.slice(0, 8)}: merged into{" "}
            {race.kept.merge.base_branch} at <span className="path">{race.kept.merge.commit.slice(0, 10)}</span>
            {race.kept.not_removed.length > 0 && ` (${race.kept.not_removed.length} worktree(s) could not be removed)`}
          </p>
        )}
        {error && (
          <p role="alert" className="error small" data-testid="race-view-error">
            {error}
          </p>
        )}
      </header>
      <div className="race-entrants" style={{ gridTemplateColumns: `repeat(${entrants.length}, minmax(280px, 1fr))` }}>
        {entrants.map((view, index) => (
          <EntrantColumn
            key={view.entrant.session_id ?? `not-started-${index}`}
            view={view}
            decided={race.kept !== null}
            onOpenSession={onOpenSession}
            onKeep={setKeeping}
          />
        ))}
      </div>
      {keeping && (
        <KeepDialog
          workspace={workspace}
          race={race}
          winner={keeping}
          onClose={() => setKeeping(null)}
          onKept={() => {
            setKeeping(null);
            reload();
          }}
        />
      )}
    </div>
  );
}
