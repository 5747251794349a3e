// The workspace's "always" approval rules (`.zwarm/approval-rules.json`):
// each is one exact action an "Ask me" agent may take without asking,
// added by "Approve always" on a request. Removing one makes the agent ask
// again. How long a request waits is `[approvals] timeout_secs` (none by
// default: it waits until answered).
import { useCallback, useEffect, useState } from "react";
import { approvalRules, removeApprovalRule, type ApprovalRule, type RuleList } from "../api";
import { messageOf } from "../shell/errors";

const KINDS: Record<string, string> = { command: "Command", file_change: "Files", tool: "Tool" };

export function ApprovalSettings({ workspace }: { workspace: string }) {
  const [list, setList] = useState<RuleList | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    let live = true;
    approvalRules(workspace).then(
      (read) => {
        if (!live) return;
        setList(read);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [workspace]);
  useEffect(load, [load]);

  async function remove(rule: ApprovalRule) {
    try {
      await removeApprovalRule(workspace, rule.id);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const rules = list?.rules;
  return (
    <div className="approval-settings" data-testid="approval-settings">
      <p className="muted small">
        Sessions in “Ask me” mode wait for your answer before a command or a change outside their sandbox. What you
        approved with “Approve always” runs without asking in this workspace:
      </p>
      {error && (
        <p role="alert" className="error small" data-testid="approval-rules-error">
          {error}
        </p>
      )}
      {list && !list.in_effect && (
        <p role="alert" className="approval-rules-foreign small" data-testid="approval-rules-foreign">
          These rules are not in effect: the file is not the one zwarm wrote for you (it may have come with the
          repository). Nothing is approved without asking; the first rule you add replaces them.
        </p>
      )}
      {rules?.length === 0 && (
        <p className="muted small" data-testid="approval-rules-empty">
          No action is approved for good.
        </p>
      )}
      {rules && rules.length > 0 && (
        <ul className="approval-rules">
          {rules.map((rule) => (
            <li key={rule.id} data-testid="approval-rule" data-rule-id={rule.id}>
              <span className="muted">{KINDS[rule.kind] ?? rule.kind}</span>
              <code>{rule.subject}</code>
              <button type="button" className="small" data-testid="approval-rule-remove" onClick={() => void remove(rule)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
