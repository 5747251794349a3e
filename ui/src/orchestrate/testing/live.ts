// For tests: a `subscribeRuns` mock that hands its callback to the test, so a
// test can deliver run updates as the backend would.
import { act } from "@testing-library/react";
import { vi } from "vitest";
import * as api from "../../api";
import type { PilotMeta, RunEvent, RunUpdate } from "../../api";

export function controlledRunUpdates() {
  let deliver: (update: RunUpdate) => void = () => undefined;
  vi.mocked(api.subscribeRuns).mockImplementation(async (_workspace, onUpdate) => {
    deliver = onUpdate;
  });
  return {
    event: (run_id: string, event: RunEvent) => act(() => deliver({ run_id, event, meta: null })),
    meta: (meta: PilotMeta) => act(() => deliver({ run_id: meta.id, event: null, meta })),
  };
}
