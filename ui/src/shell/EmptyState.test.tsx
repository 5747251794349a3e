import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { EmptyState } from "./EmptyState";

const info = { root: "/w", name: "w", has_state: false };

describe("the empty state", () => {
  it("never says the folder is unused while sessions are listed", () => {
    // The folder was opened before zwarm had used it; sessions came since (and one was deleted).
    render(<EmptyState workspace={info} sessionCount={3} used onNewSession={vi.fn()} />);
    expect(screen.getByTestId("empty-state")).toHaveTextContent("Pick a session on the left");
    expect(screen.getByTestId("empty-state")).not.toHaveTextContent("has not been used");
  });

  it("tells a new folder from one whose sessions are all gone", () => {
    const { rerender } = render(<EmptyState workspace={info} sessionCount={0} used={false} onNewSession={vi.fn()} />);
    expect(screen.getByTestId("empty-state")).toHaveTextContent("has not been used in this folder yet");
    rerender(<EmptyState workspace={info} sessionCount={0} used onNewSession={vi.fn()} />);
    expect(screen.getByTestId("empty-state")).toHaveTextContent("No sessions here yet");
  });
});
