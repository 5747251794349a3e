import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { BudgetSettings } from "./BudgetSettings";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKSPACE = "/home/dev/proj";

function input(name: string): HTMLInputElement {
  const found = screen.getByTestId("budget-settings").querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!found) throw new Error(`no input ${name}`);
  return found;
}

async function renderSettings() {
  const user = userEvent.setup();
  render(<BudgetSettings workspace={WORKSPACE} />);
  await waitFor(() => expect(input("workspace_usd")).toBeEnabled());
  return user;
}

describe("BudgetSettings", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.getBudget).mockResolvedValue({ workspace_usd: 50, pilot_usd: null });
  });

  it("shows the saved budgets, empty for none", async () => {
    await renderSettings();
    expect(api.getBudget).toHaveBeenCalledWith(WORKSPACE);
    expect(input("workspace_usd")).toHaveValue("50");
    expect(input("pilot_usd")).toHaveValue("");
  });

  it("saves numbers, and an emptied field as no budget", async () => {
    const user = await renderSettings();
    await user.clear(input("workspace_usd"));
    await user.type(input("pilot_usd"), "7.5");
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() => expect(api.setBudget).toHaveBeenCalledWith(WORKSPACE, { workspace_usd: null, pilot_usd: 7.5, enforce_on_sessions: false }));
    expect(await screen.findByTestId("budget-saved")).toBeInTheDocument();

    await user.type(input("workspace_usd"), "120");
    await user.clear(input("pilot_usd"));
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() => expect(api.setBudget).toHaveBeenLastCalledWith(WORKSPACE, { workspace_usd: 120, pilot_usd: null, enforce_on_sessions: false }));
  });

  it("shows whether sessions I start are refused too, and saves that with the budget", async () => {
    vi.mocked(api.getBudget).mockResolvedValue({ workspace_usd: 50, pilot_usd: null, enforce_on_sessions: true });
    const user = await renderSettings();
    const box = screen.getByRole("checkbox", { name: "Also refuse sessions I start when the workspace budget is spent" });
    expect(box).toBeChecked();
    await user.click(box);
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() =>
      expect(api.setBudget).toHaveBeenCalledWith(WORKSPACE, { workspace_usd: 50, pilot_usd: null, enforce_on_sessions: false }),
    );
    await user.click(box);
    await user.click(screen.getByTestId("budget-save"));
    await waitFor(() =>
      expect(api.setBudget).toHaveBeenLastCalledWith(WORKSPACE, { workspace_usd: 50, pilot_usd: null, enforce_on_sessions: true }),
    );
  });

  it("reads a budget saved without the setting as not refusing sessions", async () => {
    await renderSettings();
    expect(screen.getByRole("checkbox", { name: /Also refuse sessions I start/ })).not.toBeChecked();
  });

  it("refuses a negative budget", async () => {
    const user = await renderSettings();
    await user.type(input("pilot_usd"), "-3");
    await user.click(screen.getByTestId("budget-save"));
    expect(screen.getByTestId("budget-error")).toHaveTextContent("The pilot budget cannot be negative.");
    expect(api.setBudget).not.toHaveBeenCalled();
  });

  it("sets one pilot's own budget", async () => {
    vi.mocked(api.listPilots).mockResolvedValue([
      {
        meta: {
          id: "p1",
          name: "Refactor",
          model: { provider: "anthropic", model: "claude-sonnet-5", base_url: null },
          head: null,
          budget_usd: 4,
          created_at: "2026-01-01T10:00:00",
          updated_at: "2026-01-01T10:00:00",
        },
        nodes: 0,
        running: false,
      },
    ]);
    const user = await renderSettings();
    const pilotRow = await screen.findByTestId("pilot-budget-row");
    // Two pilots of one name are told apart by id and date.
    expect(pilotRow).toHaveTextContent("p1 · created 2026-01-01");
    const field = within(pilotRow).getByRole("textbox");
    expect(field).toHaveValue("4");
    await user.clear(field);
    await user.click(within(pilotRow).getByText("Save"));
    await waitFor(() => expect(api.setPilotBudget).toHaveBeenCalledWith(WORKSPACE, "p1", null));
  });
});
