import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { RaceComparison } from "../api";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { RaceView } from "./RaceView";
import { check, makeComparison, RACE_ID } from "./testing/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function columns() {
  return screen.getAllByTestId("race-entrant");
}

async function shown(comparison: RaceComparison = makeComparison(), onOpenSession = vi.fn()) {
  vi.mocked(api.showRace).mockResolvedValue(comparison);
  const view = render(<RaceView workspace={WORKSPACE} raceId={RACE_ID} sessions={[]} onOpenSession={onOpenSession} />);
  await screen.findByTestId("race-view");
  return view;
}

describe("the race comparison", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.checkRace).mockImplementation(async () => makeComparison());
  });

  it("shows the entrants side by side with their figures, files and diffs", async () => {
    const user = userEvent.setup();
    const onOpenSession = vi.fn();
    const comparison = makeComparison();
    comparison.race.check = null;
    await shown(comparison, onOpenSession);
    expect(api.showRace).toHaveBeenCalledWith(WORKSPACE, RACE_ID);
    expect(screen.getByText("Race · Write out.txt")).toBeInTheDocument();
    expect(screen.getByTestId("race-base")).toHaveTextContent("main");
    const [codex, claude] = columns();
    expect(codex).toHaveAttribute("data-adapter", "codex");
    expect(codex).toHaveAccessibleName("Codex · gpt-5.5");
    expect(claude).toHaveAccessibleName("Claude Code · claude-opus-5-5");
    const figures = within(codex).getByTestId("race-figures");
    expect(figures).toHaveTextContent("completed");
    expect(figures).toHaveTextContent("12 s");
    expect(figures).toHaveTextContent("12.3k");
    expect(figures).toHaveTextContent("$0.0123");
    expect(within(codex).getByTestId("race-files-summary")).toHaveTextContent("1 file +1 −0");
    expect(within(claude).getByTestId("race-files-summary")).toHaveTextContent("2 files +2 −0");
    expect(within(codex).getByTestId("race-check-result")).toHaveTextContent("not run");
    // Each entrant's diffs, drawn by the shared diff viewer.
    expect(within(codex).getAllByTestId("file-diff")).toHaveLength(1);
    expect(within(codex).getByTestId("file-diff")).toHaveTextContent("from codex");
    expect(within(claude).getAllByTestId("file-diff")).toHaveLength(2);
    expect(within(claude).getAllByTestId("race-file").map((li) => li.dataset.path)).toEqual(["notes.md", "out.txt"]);

    await user.click(within(claude).getByTestId("race-open-session"));
    expect(onOpenSession).toHaveBeenCalledWith("c1aude22-0000");
  });

  it("runs the race's check by itself once every agent ended, shows each verdict, and runs it again on demand", async () => {
    const user = userEvent.setup();
    const checked = makeComparison();
    checked.entrants[0].entrant.check = check(true, "1 passed");
    checked.entrants[1].entrant.check = check(false, "FAIL out.txt says claude");
    vi.mocked(api.checkRace).mockResolvedValue(checked);
    await shown();
    expect(screen.getByTestId("race-check-command")).toHaveTextContent("npm test");
    const [codex, claude] = columns();
    await waitFor(() => expect(within(codex).getByTestId("race-check-result")).toHaveTextContent("passed"));
    expect(api.checkRace).toHaveBeenCalledExactlyOnceWith(WORKSPACE, RACE_ID, null);
    expect(within(claude).getByTestId("race-check-result")).toHaveTextContent("failed (exit 1)");
    expect(within(claude).getByTestId("race-check-output")).toHaveTextContent("FAIL out.txt says claude");
    await user.click(screen.getByTestId("race-run-check"));
    expect(api.checkRace).toHaveBeenCalledTimes(2);
  });

  it("asks for a check command when the race has none, and sends it", async () => {
    const user = userEvent.setup();
    const comparison = makeComparison();
    comparison.race.check = null;
    await shown(comparison);
    expect(screen.getByTestId("race-run-check")).toBeDisabled();
    vi.mocked(api.checkRace).mockResolvedValue(makeComparison());
    await user.type(screen.getByTestId("race-view-check-input"), "cargo test");
    await user.click(screen.getByTestId("race-run-check"));
    expect(api.checkRace).toHaveBeenCalledWith(WORKSPACE, RACE_ID, "cargo test");
  });

  it("does not offer to keep or check an entrant that is still running", async () => {
    const comparison = makeComparison();
    for (const view of comparison.entrants) view.session = { ...view.session!, status: "running" };
    await shown(comparison);
    for (const column of columns()) expect(within(column).getByTestId("race-keep")).toBeDisabled();
    expect(screen.getByTestId("race-run-check")).toBeDisabled();
    expect(api.checkRace).not.toHaveBeenCalled();
  });

  it("keeps an entrant after asking, and shows the others' uncommitted files when that is refused", async () => {
    const user = userEvent.setup();
    await shown();
    vi.mocked(api.keepRaceEntrant).mockResolvedValueOnce({
      kind: "refused",
      refusal: { kind: "losers_dirty", entrants: [{ session_id: "c1aude22-0000", adapter: "claude", files: ["notes.md", "out.txt"] }] },
    });
    await user.click(within(columns()[0]).getByTestId("race-keep"));
    const dialog = screen.getByTestId("race-keep-dialog");
    expect(dialog).toHaveTextContent("Merge Codex's work into main and remove the other agents' worktrees?");
    await user.click(within(dialog).getByTestId("keep-confirm"));
    expect(api.keepRaceEntrant).toHaveBeenLastCalledWith(WORKSPACE, RACE_ID, "c0dex111-0000", false);
    const dirty = await within(dialog).findByTestId("keep-dirty");
    expect(dirty).toHaveTextContent("Claude Code (c1aude22)");
    expect(dirty).toHaveTextContent("notes.md");

    const kept = makeComparison();
    kept.race.kept = {
      session_id: "c0dex111-0000",
      kept_at: "2026-01-01T10:07:00",
      merge: { base_branch: "main", commit: "0123456789abcdef", fast_forward: true, committed_changes: "fedcba" },
      removed: ["c1aude22-0000"],
      not_removed: [],
    };
    kept.entrants[0].kept = true;
    vi.mocked(api.keepRaceEntrant).mockResolvedValueOnce({ kind: "kept", race: kept.race });
    vi.mocked(api.showRace).mockResolvedValue(kept);
    await user.click(within(dialog).getByTestId("keep-force"));
    expect(api.keepRaceEntrant).toHaveBeenLastCalledWith(WORKSPACE, RACE_ID, "c0dex111-0000", true);
    expect(await screen.findByTestId("race-kept-note")).toHaveTextContent("Kept Codex: merged into main at 0123456789");
    expect(screen.queryByTestId("race-keep-dialog")).toBeNull();
    expect(within(columns()[0]).getByTestId("race-kept")).toBeInTheDocument();
    expect(screen.queryByTestId("race-keep")).toBeNull();
  });

  it("lists the conflicting files when the merge is refused, with no way to force it", async () => {
    const user = userEvent.setup();
    await shown();
    vi.mocked(api.keepRaceEntrant).mockResolvedValue({
      kind: "refused",
      refusal: { kind: "conflicts", base: "main", files: ["out.txt"] },
    });
    await user.click(within(columns()[1]).getByTestId("race-keep"));
    await user.click(screen.getByTestId("keep-confirm"));
    const conflicts = await screen.findByTestId("keep-conflicts");
    expect(conflicts).toHaveTextContent("Merging into main would conflict");
    expect(conflicts).toHaveTextContent("out.txt");
    expect(screen.queryByTestId("keep-force")).toBeNull();
  });

  it("reads the race again when one of its entrants' sessions changes, and not for others", async () => {
    vi.mocked(api.showRace).mockResolvedValue(makeComparison());
    const running = makeSession({ id: "c0dex111-0000", race: RACE_ID, status: "running" });
    const other = makeSession({ id: "zz", updated_at: "2026-01-01T10:00:00" });
    const view = render(<RaceView workspace={WORKSPACE} raceId={RACE_ID} sessions={[running, other]} onOpenSession={vi.fn()} />);
    await screen.findByTestId("race-view");
    expect(api.showRace).toHaveBeenCalledTimes(1);
    view.rerender(
      <RaceView workspace={WORKSPACE} raceId={RACE_ID} sessions={[running, { ...other, updated_at: "2026-01-01T11:00:00" }]} onOpenSession={vi.fn()} />,
    );
    view.rerender(
      <RaceView workspace={WORKSPACE} raceId={RACE_ID} sessions={[{ ...running, status: "completed" }, other]} onOpenSession={vi.fn()} />,
    );
    await waitFor(() => expect(api.showRace).toHaveBeenCalledTimes(2));
  });

  it("says why an entrant's changes are not shown", async () => {
    const comparison = makeComparison();
    comparison.entrants[1] = {
      ...comparison.entrants[1],
      session: null,
      files: [],
      additions: 0,
      worktree_present: false,
      problem: "its session c1aude22 was deleted",
    };
    comparison.race.check = null;
    await shown(comparison);
    const claude = columns()[1];
    expect(within(claude).getByTestId("race-problem")).toHaveTextContent("was deleted");
    expect(within(claude).getByTestId("race-keep")).toBeDisabled();
    expect(claude).toHaveAttribute("data-status", "none");
  });
});
