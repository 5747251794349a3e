import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { priceEntry } from "../spend/testing/fixtures";
import { PriceSettings } from "./PriceSettings";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WORKSPACE = "/home/dev/proj";

function row(prefix: string): HTMLElement {
  const found = screen.getAllByTestId("price-row").find((r) => r.dataset.prefix === prefix);
  if (!found) throw new Error(`no row ${prefix}`);
  return found;
}

function field(name: string): HTMLInputElement {
  const input = screen.getByTestId("price-form").querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) throw new Error(`no field ${name}`);
  return input;
}

async function renderSettings() {
  const user = userEvent.setup();
  render(<PriceSettings workspace={WORKSPACE} />);
  await screen.findAllByTestId("price-row");
  return user;
}

describe("PriceSettings", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.getPriceTable).mockResolvedValue({
      entries: [
        priceEntry(),
        priceEntry({ prefix: "my-local-model", input: 0.5, cached_input: 0.05, output: 2, source: "our contract" }),
      ],
      overridden: ["my-local-model"],
    });
  });

  it("lists every price and marks the workspace's overrides", async () => {
    await renderSettings();
    expect(api.getPriceTable).toHaveBeenCalledWith(WORKSPACE);
    const builtin = row("gpt-5");
    expect(builtin).toHaveTextContent("$1.25");
    expect(builtin).toHaveTextContent("$0.125");
    expect(builtin).toHaveTextContent("$10");
    expect(builtin).toHaveTextContent("2026-01-01");
    expect(builtin).toHaveAttribute("data-overridden", "false");
    expect(within(builtin).queryByTestId("price-remove")).not.toBeInTheDocument();
    const custom = row("my-local-model");
    expect(custom).toHaveAttribute("data-overridden", "true");
    expect(custom).toHaveTextContent("workspace");
    expect(custom).toHaveTextContent("our contract");
  });

  it("refuses a negative price and an empty prefix", async () => {
    const user = await renderSettings();
    await user.click(screen.getByTestId("price-add"));
    await user.click(screen.getByTestId("price-save"));
    expect(screen.getByTestId("price-form-error")).toHaveTextContent("prefix is required");

    await user.type(field("prefix"), "new-model");
    await user.type(field("input"), "-1");
    await user.type(field("cached_input"), "0.1");
    await user.type(field("output"), "4");
    await user.click(screen.getByTestId("price-save"));
    expect(screen.getByTestId("price-form-error")).toHaveTextContent("Input price cannot be negative.");

    await user.clear(field("input"));
    await user.type(field("input"), "abc");
    await user.click(screen.getByTestId("price-save"));
    expect(screen.getByTestId("price-form-error")).toHaveTextContent("Input price must be a number.");
    expect(api.setPrice).not.toHaveBeenCalled();
  });

  it("saves an edited row with setPrice and reloads the table", async () => {
    const user = await renderSettings();
    await user.click(within(row("gpt-5")).getByText("Edit"));
    expect(field("prefix")).toHaveValue("gpt-5");
    expect(field("prefix")).toHaveAttribute("readonly");
    await user.clear(field("output"));
    await user.type(field("output"), "12.5");
    await user.clear(field("source"));
    await user.type(field("source"), "invoice 2026-02");
    await user.click(screen.getByTestId("price-save"));
    await waitFor(() =>
      expect(api.setPrice).toHaveBeenCalledWith(WORKSPACE, priceEntry({ output: 12.5, source: "invoice 2026-02" })),
    );
    await waitFor(() => expect(screen.queryByTestId("price-form")).not.toBeInTheDocument());
    expect(api.getPriceTable).toHaveBeenCalledTimes(2);
  });

  it("adds a new price", async () => {
    const user = await renderSettings();
    await user.click(screen.getByTestId("price-add"));
    await user.type(field("prefix"), "  qwen-coder ");
    await user.type(field("input"), "0.3");
    await user.type(field("cached_input"), "0");
    await user.type(field("output"), "1.2");
    await user.clear(field("as_of"));
    await user.type(field("as_of"), "2026-02-01");
    await user.type(field("source"), "vendor sheet");
    await user.click(screen.getByTestId("price-save"));
    await waitFor(() =>
      expect(api.setPrice).toHaveBeenCalledWith(WORKSPACE, {
        prefix: "qwen-coder",
        input: 0.3,
        cached_input: 0,
        cache_write: 0,
        output: 1.2,
        as_of: "2026-02-01",
        source: "vendor sheet",
      }),
    );
  });

  it("removes an override with removePrice", async () => {
    const user = await renderSettings();
    await user.click(within(row("my-local-model")).getByTestId("price-remove"));
    await waitFor(() => expect(api.removePrice).toHaveBeenCalledWith(WORKSPACE, "my-local-model"));
    await waitFor(() => expect(api.getPriceTable).toHaveBeenCalledTimes(2));
  });

  it("shows the backend's error plainly", async () => {
    vi.mocked(api.setPrice).mockRejectedValueOnce(new api.BackendError(".zwarm/pricing.toml line 3: expected a number"));
    const user = await renderSettings();
    await user.click(within(row("gpt-5")).getByText("Edit"));
    await user.click(screen.getByTestId("price-save"));
    expect(await screen.findByTestId("price-error")).toHaveTextContent(".zwarm/pricing.toml line 3: expected a number");
    expect(screen.getByTestId("price-form")).toBeInTheDocument();
  });
});
