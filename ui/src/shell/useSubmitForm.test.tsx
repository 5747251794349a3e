import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { useSubmitForm } from "./useSubmitForm";

type Props = {
  ready?: boolean;
  problem?: string | null;
  send: () => Promise<void>;
  onFailed?: () => void;
};

function Form({ ready = true, problem = null, send, onFailed }: Props) {
  const form = useSubmitForm({ ready, problem, send, onFailed });
  return (
    <form {...form.formProps}>
      <textarea aria-label="Task" />
      <input aria-label="Model" />
      {form.error && <p role="alert">{form.error}</p>}
      <button type="submit" disabled={!ready || form.busy}>
        {form.busy ? "Starting…" : "Start"}
      </button>
    </form>
  );
}

/** A send the test settles. */
function pendingSend() {
  let settle = { resolve: () => {}, reject: (_error: Error) => {} };
  const send = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
      }),
  );
  return { send, resolve: () => settle.resolve(), reject: (error: Error) => settle.reject(error) };
}

describe("useSubmitForm", () => {
  it("is busy while sending, then shows the backend's message and lets the user send again", async () => {
    const { send, reject } = pendingSend();
    const onFailed = vi.fn();
    render(<Form send={send} onFailed={onFailed} />);
    await userEvent.click(screen.getByRole("button", { name: "Start" }));
    expect(screen.getByRole("button", { name: "Starting…" })).toBeDisabled();
    reject(new Error("The budget is spent."));
    expect(await screen.findByRole("alert")).toHaveTextContent("The budget is spent.");
    expect(screen.getByRole("button", { name: "Start" })).toBeEnabled();
    expect(onFailed).toHaveBeenCalledTimes(1);
  });

  it("clears the last error when sending again, and stays busy after a send that worked", async () => {
    const send = vi.fn().mockRejectedValueOnce(new Error("no")).mockResolvedValueOnce(undefined);
    render(<Form send={send} />);
    await userEvent.click(screen.getByRole("button", { name: "Start" }));
    await screen.findByRole("alert");
    await userEvent.click(screen.getByRole("button", { name: "Start" }));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Starting…" })).toBeDisabled();
  });

  it("refuses a second send while one is on its way, even in the same tick", async () => {
    const { send, resolve } = pendingSend();
    render(<Form send={send} />);
    const task = screen.getByLabelText("Task");
    fireEvent.keyDown(task, { key: "Enter", ctrlKey: true });
    fireEvent.keyDown(task, { key: "Enter", ctrlKey: true });
    fireEvent.submit(task.closest("form")!);
    expect(send).toHaveBeenCalledTimes(1);
    resolve();
  });

  it("sends on Ctrl+Enter or Cmd+Enter from any field, not on Enter alone in the textarea", () => {
    const send = vi.fn(async () => undefined);
    const { unmount } = render(<Form send={send} />);
    fireEvent.keyDown(screen.getByLabelText("Task"), { key: "Enter" });
    expect(send).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByLabelText("Model"), { key: "Enter", metaKey: true });
    expect(send).toHaveBeenCalledTimes(1);
    unmount();
    render(<Form send={send} />);
    fireEvent.keyDown(screen.getByLabelText("Task"), { key: "Enter", ctrlKey: true });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("sends nothing while the form is not ready", () => {
    const send = vi.fn(async () => undefined);
    render(<Form ready={false} send={send} />);
    fireEvent.keyDown(screen.getByLabelText("Task"), { key: "Enter", ctrlKey: true });
    expect(send).not.toHaveBeenCalled();
  });

  it("shows a problem with what was typed instead of sending", async () => {
    const send = vi.fn(async () => undefined);
    const onFailed = vi.fn();
    render(<Form problem="Max steps must be a whole number of at least 1." send={send} onFailed={onFailed} />);
    await userEvent.click(screen.getByRole("button", { name: "Start" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Max steps must be a whole number");
    expect(send).not.toHaveBeenCalled();
    expect(onFailed).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Start" })).toBeEnabled();
  });
});
