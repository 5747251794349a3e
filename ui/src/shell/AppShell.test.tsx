import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppShell } from "./AppShell";
import type { AppInfo } from "../api";

const info: AppInfo = {
  version: "0.1.0",
  core_version: "0.1.0",
  workspace: { root: "/home/dev/proj", name: "proj", has_state: false },
  workspace_error: null,
};

describe("AppShell", () => {
  it("shows the workspace and backend versions when ready", () => {
    render(<AppShell state={{ status: "ready", info }} />);
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("proj");
    expect(screen.getByTestId("workspace-root")).toHaveTextContent("/home/dev/proj");
    expect(screen.getByTestId("backend-version")).toHaveTextContent("backend 0.1.0 · core 0.1.0");
  });

  it("shows why the workspace could not be opened", () => {
    const broken = { ...info, workspace: null, workspace_error: "folder /x does not exist" };
    render(<AppShell state={{ status: "ready", info: broken }} />);
    expect(screen.getByTestId("workspace-error")).toHaveTextContent("folder /x does not exist");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("no workspace");
  });

  it("says so when the backend does not answer", () => {
    render(<AppShell state={{ status: "error", message: "ipc closed" }} />);
    expect(screen.getByRole("alert")).toHaveTextContent("The backend did not answer: ipc closed");
  });
});
