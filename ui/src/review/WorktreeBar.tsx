// A worktree session's way home, under the thread's header: which branch it
// works on and from where, then merge into the base branch (refused with the
// conflicting files), copy its work as a patch, open its folder, or remove
// the worktree (asking first, with the files, when work is uncommitted).
import { useCallback, useEffect, useState } from "react";
import {
  listWorktrees,
  mergeWorktree,
  removeWorktree,
  revealWorktree,
  worktreePatch,
  type SessionSummary,
  type WorktreeRef,
  type WorktreeStatus,
} from "../api";
import { copyText } from "../shell/clipboard";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useEscape } from "../thread/useEscape";
import "./review.css";

type Props = { workspace: string; summary: SessionSummary; onChanged: () => void };

/** The worktree as git lists it now; `null` once it was removed. */
type Present = { status: WorktreeStatus | null } | { error: string } | undefined;

export function WorktreeBar({ workspace, summary, onChanged }: Props) {
  const worktree = summary.worktree as WorktreeRef;
  const [present, setPresent] = useState<Present>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const running = summary.status === "running" || summary.status === "pending";

  const look = useCallback(async () => {
    try {
      const all = await listWorktrees(workspace);
      setPresent({ status: all.find((w) => w.path === worktree.path) ?? null });
    } catch (e) {
      setPresent({ error: messageOf(e) });
    }
  }, [workspace, worktree.path]);

  useEffect(() => {
    void look();
  }, [look, summary.status, summary.turn]);

  async function act(what: string, action: () => Promise<string | null>) {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
      await look();
    }
  }

  const merge = () =>
    act("merge", async () => {
      const outcome = await mergeWorktree(workspace, summary.id, "auto");
      onChanged();
      const how = outcome.fast_forward ? "fast-forwarded" : "given a merge commit";
      return `${outcome.base_branch} ${how} (${outcome.commit.slice(0, 10)}).`;
    });

  const copyPatch = () =>
    act("patch", async () => {
      const patch = await worktreePatch(workspace, summary.id);
      if (patch === "") return "Nothing to copy: the worktree has no changes.";
      await copyText(patch);
      return "The patch is on the clipboard (git apply takes it).";
    });

  const remove = (force: boolean) =>
    act("remove", async () => {
      await removeWorktree(workspace, summary.id, force);
      setConfirming(null);
      onChanged();
      return "The worktree was removed; the session stays as history.";
    });

  function askRemove() {
    const status = present && "status" in present ? present.status : null;
    if (status && status.changed_files.length > 0) setConfirming(status.changed_files);
    else void remove(false);
  }

  const status = present && "status" in present ? present.status : undefined;
  const gone = status === null;
  const base = worktree.base_branch ?? worktree.base_commit.slice(0, 10);
  return (
    <div className="worktree-bar" data-testid="worktree-bar" data-present={gone ? "no" : "yes"}>
      <span className="small worktree-label">
        Worktree on <code>{worktree.branch}</code> from <code>{base}</code>
        {status && (
          <span className="muted" data-testid="worktree-state">
            {" "}
            · {status.changed_files.length === 0 ? "no uncommitted changes" : `${status.changed_files.length} uncommitted`} ·{" "}
            {(status.size_bytes / 1e6).toFixed(1)} MB
          </span>
        )}
        {gone && <span className="muted"> · removed</span>}
      </span>
      {!gone && (
        <>
          <button
            type="button"
            data-testid="worktree-merge"
            disabled={running || busy !== null || !worktree.base_branch}
            title={
              worktree.base_branch
                ? `Commit what the agent left and merge ${worktree.branch} into ${worktree.base_branch}`
                : "Made from a detached HEAD: there is no branch to merge into; copy the patch instead"
            }
            onClick={merge}
          >
            {busy === "merge" ? "Merging…" : `Merge into ${worktree.base_branch ?? "base"}`}
          </button>
          <button type="button" data-testid="worktree-patch" disabled={busy !== null} onClick={copyPatch}>
            Copy patch
          </button>
          <button
            type="button"
            data-testid="worktree-reveal"
            title={worktree.path}
            onClick={() => act("reveal", async () => (await revealWorktree(workspace, summary.id), null))}
          >
            Open worktree
          </button>
          <button type="button" data-testid="worktree-remove" disabled={running || busy !== null} onClick={askRemove}>
            Remove worktree
          </button>
        </>
      )}
      {notice && (
        <p role="status" className="small worktree-notice" data-testid="worktree-notice">
          {notice}
        </p>
      )}
      {(error ?? (present && "error" in present ? present.error : null)) && (
        <p role="alert" className="error small worktree-notice" data-testid="worktree-error">
          {error ?? (present && "error" in present ? present.error : "")}
        </p>
      )}
      {confirming && (
        <ConfirmRemove files={confirming} busy={busy === "remove"} onConfirm={() => remove(true)} onCancel={() => setConfirming(null)} />
      )}
    </div>
  );
}

type ConfirmProps = { files: string[]; busy: boolean; onConfirm: () => void; onCancel: () => void };

function ConfirmRemove({ files, busy, onConfirm, onCancel }: ConfirmProps) {
  useEscape(onCancel);
  return (
    <Dialog title="Remove the worktree with uncommitted work?" testId="worktree-remove-dialog" onClose={onCancel}>
      <p>These files have changes that are in no commit; removing the worktree throws them away:</p>
      <ul className="changed-files" data-testid="worktree-dirty-files">
        {files.map((file) => (
          <li key={file} className="path">
            {file}
          </li>
        ))}
      </ul>
      <p className="muted small">Merge or copy the patch first to keep them. The branch itself is kept when it holds unmerged commits.</p>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger" data-testid="worktree-remove-confirm" disabled={busy} onClick={onConfirm}>
          {busy ? "Removing…" : "Remove with them"}
        </button>
      </div>
    </Dialog>
  );
}
