import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { RestoreFiles } from "./RestoreFiles";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const props = { workspace: "/w", pilot: "p1", nodeId: "n1", label: "T1" };

describe("RestoreFiles", () => {
  beforeEach(() => vi.clearAllMocks());

  it("previews what would change, then restores and names the backup node", async () => {
    vi.mocked(api.previewPilotFiles).mockResolvedValue({
      plan: { changed: ["a.txt"], added: ["new.rs"], removed: ["b.txt"], skipped: [] },
      diffs: [],
    });
    vi.mocked(api.restorePilotFiles).mockResolvedValue({
      report: { backup_commit: "c0", restored_commit: "c1", plan: { changed: ["a.txt"], added: [], removed: [], skipped: [] } },
      backup: { label: "T4" } as api.RestoreOutcome["backup"],
    });
    const onRestored = vi.fn();
    render(<RestoreFiles {...props} onRestored={onRestored} />);
    await userEvent.click(screen.getByTestId("node-restore-files"));
    expect(api.previewPilotFiles).toHaveBeenCalledWith("/w", "p1", "n1");
    expect(await screen.findByTestId("restore-changed")).toHaveTextContent("a.txt");
    expect(screen.getByTestId("restore-added")).toHaveTextContent("new.rs");
    expect(screen.getByTestId("restore-removed")).toHaveTextContent("b.txt");
    expect(api.restorePilotFiles).not.toHaveBeenCalled();

    await userEvent.click(screen.getByTestId("confirm-restore"));
    await waitFor(() => expect(onRestored).toHaveBeenCalled());
    expect(api.restorePilotFiles).toHaveBeenCalledWith("/w", "p1", "n1");
    expect(screen.getByTestId("restore-done")).toHaveTextContent("backup node T4");
  });

  it("says when nothing would change and shows errors plainly", async () => {
    vi.mocked(api.previewPilotFiles).mockResolvedValue({ plan: { changed: [], added: [], removed: [], skipped: [] }, diffs: [] });
    render(<RestoreFiles {...props} onRestored={vi.fn()} />);
    await userEvent.click(screen.getByTestId("node-restore-files"));
    expect(await screen.findByTestId("restore-preview")).toHaveTextContent("nothing would change");
    expect(screen.getByTestId("confirm-restore")).toBeDisabled();

    vi.mocked(api.previewPilotFiles).mockRejectedValue(new Error("T1 has no recorded files"));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await userEvent.click(screen.getByTestId("node-restore-files"));
    expect(await screen.findByTestId("restore-error")).toHaveTextContent("no recorded files");
  });

  it("opens each file's diff, unified or side by side", async () => {
    const patch = [
      "diff --git a/src/lib.rs b/src/lib.rs",
      "index 1111111..2222222 100644",
      "--- a/src/lib.rs",
      "+++ b/src/lib.rs",
      "@@ -1,2 +1,2 @@",
      " fn kept() {}",
      "-fn now() -> u32 { 2 }",
      "+fn at_t1() -> u32 { 1 }",
      "",
    ].join("\n");
    vi.mocked(api.previewPilotFiles).mockResolvedValue({
      plan: { changed: ["src/lib.rs"], added: [], removed: ["logo.png"], skipped: [] },
      diffs: [
        { path: "src/lib.rs", kind: "update", patch, binary: false, additions: 1, deletions: 1, truncated: false },
        { path: "logo.png", kind: "delete", patch: "", binary: true, additions: 0, deletions: 0, truncated: false },
      ],
    });
    render(<RestoreFiles {...props} onRestored={vi.fn()} />);
    await userEvent.click(screen.getByTestId("node-restore-files"));
    const changed = await screen.findByTestId("restore-changed");
    expect(changed).toHaveTextContent("src/lib.rs +1 −1");
    expect(screen.queryByTestId("file-diff")).toBeNull();

    await userEvent.click(within(changed).getByTestId("restore-file"));
    const diff = screen.getByTestId("file-diff");
    expect(diff).toHaveTextContent("fn now() -> u32 { 2 }");
    expect(diff).toHaveTextContent("fn at_t1() -> u32 { 1 }");
    expect(diff.querySelector("table.diff-unified")).not.toBeNull();
    expect(diff.querySelector(".hljs-keyword"), "Rust is highlighted").not.toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Side by side" }));
    expect(screen.getByTestId("file-diff").querySelector("table.diff-split")).not.toBeNull();

    await userEvent.click(within(screen.getByTestId("restore-removed")).getByTestId("restore-file"));
    expect(screen.getByTestId("diff-binary")).toHaveTextContent("binary file");
  });
});
