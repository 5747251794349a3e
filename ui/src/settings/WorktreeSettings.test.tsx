import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { WorktreeSettings } from "./WorktreeSettings";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const OLD = { path: "/w/.zwarm/worktrees/a-old", branch: "zwarm/a-old", changed_files: [], size_bytes: 3_000_000, idle_secs: 10 * 86_400 };
const DIRTY = { path: "/w/.zwarm/worktrees/b-dirty", branch: "zwarm/b-dirty", changed_files: ["x.rs"], size_bytes: 1_500_000, idle_secs: 9 * 86_400 };

beforeEach(() => vi.clearAllMocks());

describe("Settings → Worktrees", () => {
  it("shows the disk the worktrees take and prunes by age, saying which stayed and why", async () => {
    vi.mocked(api.listWorktrees).mockResolvedValueOnce([OLD, DIRTY]).mockResolvedValueOnce([DIRTY]);
    vi.mocked(api.pruneWorktrees).mockResolvedValue({
      removed: [OLD],
      kept: [{ worktree: DIRTY, why: "uncommitted changes: x.rs" }],
      freed_bytes: 3_000_000,
    });
    render(<WorktreeSettings workspace={WORKSPACE} />);
    expect(await screen.findByTestId("worktrees-total")).toHaveTextContent("2 worktrees, 4.5 MB on disk");
    const input = screen.getByTestId("prune-days-input");
    await userEvent.clear(input);
    expect(screen.getByTestId("prune-worktrees")).toBeDisabled();
    await userEvent.type(input, "5");
    await userEvent.click(screen.getByTestId("prune-worktrees"));
    expect(api.pruneWorktrees).toHaveBeenCalledWith(WORKSPACE, 5);
    const result = await screen.findByTestId("prune-result");
    expect(result).toHaveTextContent("Removed 1, freeing 3.0 MB");
    expect(within(result).getByText(/uncommitted changes: x.rs/)).toBeInTheDocument();
    expect(await screen.findByTestId("worktrees-total")).toHaveTextContent("1 worktree, 1.5 MB on disk");
  });

  it("says why there are none outside a git repository", async () => {
    vi.mocked(api.listWorktrees).mockRejectedValue(new api.BackendError("/w is not inside a git repository"));
    render(<WorktreeSettings workspace={WORKSPACE} />);
    expect(await screen.findByTestId("worktrees-unavailable")).toHaveTextContent("not inside a git repository");
  });
});
