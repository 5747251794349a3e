// "Keep this one": asks first, then merges the entrant's work home and
// removes the others' worktrees. A refusal changes nothing and says why: the
// files that would conflict, or the uncommitted files the other worktrees
// hold (which the user may then choose to lose).
import { useState } from "react";
import { keepRaceEntrant, type EntrantView, type KeepRefusal, type Race } from "../api";
import { Dialog } from "../shell/Dialog";
import { adapterName } from "../shell/adapterNames";
import { messageOf } from "../shell/errors";

type Props = {
  workspace: string;
  race: Race;
  winner: EntrantView;
  onClose: () => void;
  /** The entrant was kept: the comparison is stale. */
  onKept: () => void;
};

export function KeepDialog({ workspace, race, winner, onClose, onKept }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<KeepRefusal | null>(null);
  const session = winner.entrant.session_id ?? "";
  const base = winner.worktree?.base_branch ?? race.base ?? "the base branch";
  const name = adapterName(winner.entrant.adapter);

  async function keep(force: boolean) {
    setBusy(true);
    setError(null);
    try {
      const outcome = await keepRaceEntrant(workspace, race.id, session, force);
      if (outcome.kind === "kept") {
        onKept();
        return;
      }
      setRefusal(outcome.refusal);
    } catch (e) {
      setError(messageOf(e));
    }
    setBusy(false);
  }

  return (
    <Dialog title={`Keep ${name}'s work`} testId="race-keep-dialog" onClose={onClose}>
      {refusal?.kind === "conflicts" ? (
        <div role="alert" data-testid="keep-conflicts">
          <p className="error">
            Merging into {refusal.base} would conflict in these files, so nothing was changed. Resolve them in the
            winner's worktree (or bring {refusal.base} in line), then keep it again.
          </p>
          <ul className="changed-files">
            {refusal.files.map((file) => (
              <li key={file} className="path">
                {file}
              </li>
            ))}
          </ul>
        </div>
      ) : refusal?.kind === "losers_dirty" ? (
        <div role="alert" data-testid="keep-dirty">
          <p className="warning">
            The other agents left uncommitted work in their worktrees. Removing the worktrees loses it (their branches
            keep only what was committed):
          </p>
          {refusal.entrants.map((entrant) => (
            <div key={entrant.session_id}>
              <strong>
                {adapterName(entrant.adapter)} ({entrant.session_id.slice(0, 8)})
              </strong>
              <ul className="changed-files">
                {entrant.files.map((file) => (
                  <li key={file} className="path">
                    {file}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      ) : (
        <p>
          Merge {name}'s work into <strong>{base}</strong> and remove the other agents' worktrees? {name}'s worktree
          stays, so its session can go on.
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="keep-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onClose}>
          {refusal ? "Close" : "Cancel"}
        </button>
        {refusal === null && (
          <button type="button" className="primary" data-testid="keep-confirm" disabled={busy} onClick={() => void keep(false)}>
            {busy ? "Merging…" : "Merge and remove the others"}
          </button>
        )}
        {refusal?.kind === "losers_dirty" && (
          <button type="button" className="primary race-danger" data-testid="keep-force" disabled={busy} onClick={() => void keep(true)}>
            {busy ? "Merging…" : "Remove them anyway"}
          </button>
        )}
      </div>
    </Dialog>
  );
}
