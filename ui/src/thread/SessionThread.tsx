// The session thread: the conversation of one session as a chat, with its
// header and actions above and the follow-up composer below. Data comes from
// two hooks (the session's records, the paged transcript); this file only
// puts them together.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { SessionStatus, SessionSummary, TurnRecord } from "../api";
import { ApprovalCard } from "../approvals/ApprovalCard";
import { useApprovalsOf } from "../approvals/store";
import { useNow } from "../sessions/useNow";
import { Composer } from "./Composer";
import { EventView } from "./EventView";
import { ExpandedProvider } from "./expanded";
import { FindBar } from "./FindBar";
import { RawTurnDialog } from "./RawTurnDialog";
import { BranchDialog } from "./BranchDialog";
import { ReviewDialog, type ReviewTarget } from "../review/ReviewDialog";
import { ReviewContext } from "../review/reviewContext";
import { buildRows, eventKey, type Row } from "./rows";
import { ThreadActions } from "./ThreadActions";
import { WorktreeBar } from "../review/WorktreeBar";
import { ThreadHeader } from "./ThreadHeader";
import { ThreadList } from "./ThreadList";
import { hasEarlier } from "./transcript";
import { TurnDivider } from "./TurnDivider";
import { useFind } from "./useFind";
import { useFork } from "./useFork";
import { useSessionDetail } from "./useSessionDetail";
import { useTranscript } from "./useTranscript";
import "./thread.css";

type Props = {
  workspace: string;
  sessionId: string;
  /** A branch of this session was made ("Branch from here"): show it. */
  onForked?: (session: SessionSummary) => void;
};

function isActive(status: SessionStatus | undefined): boolean {
  return status === "running" || status === "pending";
}

/** A turn's status: its record's, except the current turn follows the session (records lag behind live events). */
function turnStatus(turn: number, record: TurnRecord | undefined, summary: SessionSummary): SessionStatus | undefined {
  if (turn === summary.turn && (isActive(summary.status) || !record?.status)) return summary.status;
  return record?.status;
}

export function SessionThread({ workspace, sessionId, onForked }: Props) {
  const session = useSessionDetail(workspace, sessionId);
  const transcript = useTranscript(workspace, sessionId);
  const [rawTurn, setRawTurn] = useState<number | null>(null);
  const [branchTurn, setBranchTurn] = useState<number | null>(null);
  const [review, setReview] = useState<ReviewTarget | null>(null);
  const reviewTurn = useCallback((turn: number) => setReview({ kind: "turn", turn }), []);
  const [jumpSignal, setJumpSignal] = useState(0);
  const summary = session.detail?.summary;
  // Only a running turn's divider counts time; a finished session's thread is never woken.
  const active = isActive(summary?.status);
  const now = useNow((at) => (active ? at + 1000 : null));
  const { state, loadEarlier, loadThrough, retryTail } = transcript;
  const fork = useFork(workspace, sessionId, onForked);
  const find = useFind(workspace, sessionId, loadThrough);
  const findKey = find.reveal?.key ?? null;
  const asking = useApprovalsOf(workspace, [sessionId]);

  // Ctrl+F finds in this session (the webview's own find does not see rows
  // that are not drawn, nor pages not loaded).
  const showFind = find.show;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "f") {
        event.preventDefault();
        showFind();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [showFind]);

  const rows = useMemo(() => buildRows(state.events), [state.events]);
  const records = useMemo(
    () => new Map((session.detail?.turns ?? []).map((record) => [record.number, record] as const)),
    [session.detail?.turns],
  );

  const { applySummary } = session;
  const onSent = useCallback(
    (next: SessionSummary) => {
      applySummary(next);
      setJumpSignal((n) => n + 1);
    },
    [applySummary],
  );

  const renderRow = useCallback(
    (row: Row) => {
      if (row.kind === "divider") {
        const record = records.get(row.turn);
        const status = summary ? turnStatus(row.turn, record, summary) : record?.status;
        return (
          <TurnDivider
            turn={row.turn}
            record={record}
            status={status}
            now={isActive(status) ? now : 0}
            onShowRaw={setRawTurn}
            onBranch={setBranchTurn}
            branching={fork.busy}
            onReview={reviewTurn}
          />
        );
      }
      const view = <EventView event={row.event.event} expandId={row.key} turn={row.event.turn} />;
      return row.key === findKey && findKey === eventKey(row.event) ? (
        <div className="find-current" data-testid="find-current">
          {view}
        </div>
      ) : (
        view
      );
    },
    [records, summary, now, fork.busy, findKey, reviewTurn],
  );

  if (session.removed) {
    return (
      <div className="thread-view thread-gone" data-testid="thread-removed">
        <p className="muted">This session was deleted.</p>
      </div>
    );
  }
  if (!summary) {
    return session.error ? (
      <div className="thread-view">
        <p role="alert" className="error" data-testid="thread-load-error">
          Could not open the session: {session.error}{" "}
          <button type="button" className="link" onClick={session.reload}>
            Retry
          </button>
        </p>
      </div>
    ) : (
      <p className="muted">Loading session…</p>
    );
  }

  return (
    <ExpandedProvider key={`${workspace}\n${sessionId}`}>
      <ReviewContext.Provider value={setReview}>
      <div className="thread-view" data-testid="session-thread" data-session-id={sessionId}>
        <ThreadHeader
          summary={summary}
          actions={
            <ThreadActions
              workspace={workspace}
              summary={summary}
              onDeleted={session.markRemoved}
              onReview={() => setReview({ kind: "session" })}
            />
          }
        />
        {summary.worktree && <WorktreeBar workspace={workspace} summary={summary} onChanged={session.reload} />}
        {session.error && (
          <div role="alert" className="thread-notice error" data-testid="detail-error">
            Could not refresh the session: {session.error}
          </div>
        )}
        {summary.error && (
          <div className="thread-notice error" data-testid="session-error">
            {summary.error}
          </div>
        )}
        {fork.error && (
          <div role="alert" className="thread-notice error" data-testid="branch-error">
            Could not branch the session: {fork.error}
          </div>
        )}
        {state.malformed > 0 && (
          <div className="thread-notice warning-notice" data-testid="malformed-notice">
            {state.malformed} {state.malformed === 1 ? "line" : "lines"} of the CLI output could not be read
          </div>
        )}
        {state.phase === "error" && (
          <div role="alert" className="thread-notice error" data-testid="transcript-error">
            Could not load the transcript: {state.error}{" "}
            <button type="button" className="link" onClick={retryTail}>
              Retry
            </button>
          </div>
        )}
        {state.phase === "loading" && <p className="muted thread-loading">Loading the conversation…</p>}
        {find.open && <FindBar find={find} />}
        <ThreadList
          reveal={find.reveal}
          rows={rows}
          empty={
            state.phase === "ready" && (
              <p className="muted thread-empty" data-testid="thread-empty">
                Nothing here yet: the agent's output appears as it arrives.
              </p>
            )
          }
          hasEarlier={hasEarlier(state)}
          earlier={state.earlier}
          earlierError={state.earlierError}
          onLoadEarlier={loadEarlier}
          renderRow={renderRow}
          jumpSignal={jumpSignal}
        />
        {asking.length > 0 && (
          <div className="approval-list" data-testid="thread-approvals">
            {asking.map((approval) => (
              <ApprovalCard key={approval.id} workspace={workspace} approval={approval} />
            ))}
          </div>
        )}
        <Composer workspace={workspace} summary={summary} onSent={onSent} />
        {rawTurn !== null && (
          <RawTurnDialog workspace={workspace} sessionId={sessionId} turn={rawTurn} onClose={() => setRawTurn(null)} />
        )}
        {branchTurn !== null && (
          <BranchDialog
            workspace={workspace}
            sessionId={sessionId}
            turn={branchTurn}
            record={records.get(branchTurn)}
            busy={fork.busy}
            onBranch={(restoreFiles) => {
              fork.branch(branchTurn, restoreFiles);
              setBranchTurn(null);
            }}
            onClose={() => setBranchTurn(null)}
          />
        )}
        {review && <ReviewDialog workspace={workspace} sessionId={sessionId} target={review} onClose={() => setReview(null)} />}
      </div>
      </ReviewContext.Provider>
    </ExpandedProvider>
  );
}
