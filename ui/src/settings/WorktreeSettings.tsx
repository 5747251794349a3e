// Settings → Worktrees: the git worktrees sessions run in, the disk they
// take, and pruning the ones left alone for a while (their sessions ended;
// those holding uncommitted work are kept and say so). Outside git, why not.
import { useCallback, useEffect, useState } from "react";
import { listWorktrees, pruneWorktrees, type WorktreePrune, type WorktreeStatus } from "../api";
import { messageOf } from "../shell/errors";

type Listed = { worktrees: WorktreeStatus[] } | { error: string } | null;

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function WorktreeSettings({ workspace }: { workspace: string }) {
  const [listed, setListed] = useState<Listed>(null);
  const [days, setDays] = useState("7");
  const [busy, setBusy] = useState(false);
  const [pruned, setPruned] = useState<WorktreePrune | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setListed({ worktrees: await listWorktrees(workspace) });
    } catch (e) {
      setListed({ error: messageOf(e) });
    }
  }, [workspace]);

  useEffect(() => {
    void load();
  }, [load]);

  const age = Number(days);
  const validAge = days.trim() !== "" && Number.isInteger(age) && age >= 0;

  async function prune() {
    setBusy(true);
    setError(null);
    try {
      setPruned(await pruneWorktrees(workspace, age));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
      await load();
    }
  }

  if (listed === null) return <p className="muted small">Looking…</p>;
  if ("error" in listed) {
    return (
      <p className="muted small" data-testid="worktrees-unavailable">
        {listed.error}
      </p>
    );
  }
  const total = listed.worktrees.reduce((sum, w) => sum + w.size_bytes, 0);
  return (
    <div className="worktree-settings" data-testid="worktree-settings">
      <p className="small" data-testid="worktrees-total">
        {listed.worktrees.length} {listed.worktrees.length === 1 ? "worktree" : "worktrees"}, {megabytes(total)} on disk.{" "}
        <span className="muted">A deleted session's worktree goes with it unless it holds uncommitted work.</span>
      </p>
      {listed.worktrees.length > 0 && (
        <table className="settings-table" data-testid="worktree-table">
          <thead>
            <tr>
              <th>Branch</th>
              <th>Uncommitted</th>
              <th>Size</th>
              <th>Idle</th>
            </tr>
          </thead>
          <tbody>
            {listed.worktrees.map((w) => (
              <tr key={w.path} title={w.path}>
                <td>
                  <code>{w.branch}</code>
                </td>
                <td title={w.changed_files.join("\n")}>{w.changed_files.length}</td>
                <td>{megabytes(w.size_bytes)}</td>
                <td>{Math.floor(w.idle_secs / 86_400)} d</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-row-inline">
        <label>
          Remove those left alone for{" "}
          <input
            data-testid="prune-days-input"
            inputMode="numeric"
            size={4}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />{" "}
          days or more
        </label>{" "}
        <button type="button" data-testid="prune-worktrees" disabled={!validAge || busy} onClick={prune}>
          {busy ? "Removing…" : "Remove"}
        </button>
      </div>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {pruned && (
        <div className="small" data-testid="prune-result">
          <p>
            Removed {pruned.removed.length}, freeing {megabytes(pruned.freed_bytes)}.
          </p>
          {pruned.kept.length > 0 && (
            <ul>
              {pruned.kept.map((k) => (
                <li key={k.worktree.path}>
                  Kept <code>{k.worktree.branch}</code>: {k.why}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
