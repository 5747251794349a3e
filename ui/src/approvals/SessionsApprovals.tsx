// The pending approvals of a group of sessions (a pilot's), each card naming
// its session: the pilot's view shows what its agents wait for.
import type { SessionSummary } from "../api";
import { ApprovalCard } from "./ApprovalCard";
import { useApprovalsOf } from "./store";

export function SessionsApprovals({ workspace, sessions }: { workspace: string; sessions: SessionSummary[] }) {
  const approvals = useApprovalsOf(
    workspace,
    sessions.map((s) => s.id),
  );
  if (approvals.length === 0) return null;
  const titles = new Map(sessions.map((s) => [s.id, s.title || s.id.slice(0, 8)] as const));
  return (
    <div className="approval-list" data-testid="pilot-approvals">
      {approvals.map((approval) => (
        <ApprovalCard key={approval.id} workspace={workspace} approval={approval} sessionTitle={titles.get(approval.session_id)} />
      ))}
    </div>
  );
}
