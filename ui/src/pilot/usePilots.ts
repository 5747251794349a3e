// The workspace's pilots and the one selected (remembered per workspace).
import { useCallback, useEffect, useRef, useState } from "react";
import { listPilots, type PilotInfo, type PilotMeta } from "../api";
import { messageOf } from "../shell/errors";
import { readStored, writeStored } from "../shell/storage";

const selectedKey = (workspace: string) => `zwarm.pilot.${workspace}`;

/** Makes `id` the pilot shown next time the Pilot view opens (e.g. from the spend view). */
export function rememberSelectedPilot(workspace: string, id: string): void {
  writeStored(selectedKey(workspace), id);
}

export type PilotsState = {
  pilots: PilotInfo[];
  loading: boolean;
  error: string | null;
};

export function usePilots(workspace: string) {
  const [state, setState] = useState<PilotsState>({ pilots: [], loading: true, error: null });
  const [selectedId, setSelectedId] = useState<string | null>(() => readStored<string | null>(selectedKey(workspace), null));
  const request = useRef(0);

  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      writeStored(selectedKey(workspace), id);
    },
    [workspace],
  );

  const reload = useCallback(async () => {
    const mine = ++request.current;
    try {
      const pilots = await listPilots(workspace);
      if (mine === request.current) setState({ pilots, loading: false, error: null });
    } catch (error) {
      if (mine === request.current) setState((current) => ({ ...current, loading: false, error: messageOf(error) }));
    }
  }, [workspace]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Nothing (or a pilot that is gone) selected: take the newest.
  useEffect(() => {
    if (state.loading || state.error) return;
    if (selectedId && state.pilots.some((p) => p.meta.id === selectedId)) return;
    const first = state.pilots[0]?.meta.id ?? null;
    if (first !== selectedId) select(first);
  }, [state.loading, state.error, state.pilots, selectedId, select]);

  /** A pilot was just created: list it first and select it. */
  const added = useCallback(
    (meta: PilotMeta) => {
      setState((current) => ({
        ...current,
        pilots: [{ meta, nodes: 0, running: false }, ...current.pilots.filter((p) => p.meta.id !== meta.id)],
      }));
      select(meta.id);
      void reload();
    },
    [select, reload],
  );

  return { ...state, selectedId, select, reload, added };
}
