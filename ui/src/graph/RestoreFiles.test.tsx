import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { RestoreFiles } from "./RestoreFiles";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const props = { workspace: "/w", pilot: "p1", nodeId: "n1", label: "T1" };

describe("RestoreFiles", () => {
  beforeEach(() => vi.clearAllMocks());

  it("previews what would change, then restores and names the backup node", async () => {
    vi.mocked(api.previewPilotFiles).mockResolvedValue({ changed: ["a.txt"], added: ["new.rs"], removed: ["b.txt"], skipped: [] });
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
    vi.mocked(api.previewPilotFiles).mockResolvedValue({ changed: [], added: [], removed: [], skipped: [] });
    render(<RestoreFiles {...props} onRestored={vi.fn()} />);
    await userEvent.click(screen.getByTestId("node-restore-files"));
    expect(await screen.findByTestId("restore-preview")).toHaveTextContent("nothing would change");
    expect(screen.getByTestId("confirm-restore")).toBeDisabled();

    vi.mocked(api.previewPilotFiles).mockRejectedValue(new Error("T1 has no recorded files"));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await userEvent.click(screen.getByTestId("node-restore-files"));
    expect(await screen.findByTestId("restore-error")).toHaveTextContent("no recorded files");
  });
});
