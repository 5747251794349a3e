import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { TrustBanner } from "./TrustBanner";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const WS = "/work/repo";
const asks: api.Untrusted = {
  root: WS,
  fingerprint: "f1",
  wants: { settings: ['[codex] args = ["--dangerously-bypass-approvals-and-sandbox"] (passed to every turn)'] },
};

describe("workspace trust", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows what the config asks for and trusts exactly that", async () => {
    vi.mocked(api.workspaceTrust).mockResolvedValue(asks);
    vi.mocked(api.trustWorkspace).mockResolvedValue(null);
    render(<TrustBanner workspace={WS} />);
    const banner = await screen.findByTestId("trust-banner");
    expect(banner).toHaveTextContent("--dangerously-bypass-approvals-and-sandbox");
    await userEvent.click(screen.getByRole("button", { name: "Trust these settings" }));
    expect(api.trustWorkspace).toHaveBeenCalledWith(WS, "f1");
    await waitFor(() => expect(screen.queryByTestId("trust-banner")).not.toBeInTheDocument());
  });

  it("says nothing when the config asks for nothing", async () => {
    vi.mocked(api.workspaceTrust).mockResolvedValue(null);
    render(<TrustBanner workspace={WS} />);
    await waitFor(() => expect(api.workspaceTrust).toHaveBeenCalled());
    expect(screen.queryByTestId("trust-banner")).not.toBeInTheDocument();
  });

  it("shows why trust was refused when the file changed meanwhile", async () => {
    vi.mocked(api.workspaceTrust).mockResolvedValue(asks);
    vi.mocked(api.trustWorkspace).mockRejectedValue(new Error("the workspace's .zwarm/config.toml changed since it was shown"));
    render(<TrustBanner workspace={WS} />);
    await userEvent.click(await screen.findByRole("button", { name: "Trust these settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("changed since it was shown");
    expect(screen.getByTestId("trust-banner")).toBeInTheDocument();
  });
});
