import { useCallback, useState } from "react";
import { readStored, writeStored } from "../shell/storage";

const storageKey = (workspace: string) => `zwarm.selected.${workspace}`;

/** The session shown in the main area, remembered per workspace. */
export function useSelectedSession(workspace: string) {
  const [selectedId, setSelectedId] = useState<string | null>(() => readStored<string | null>(storageKey(workspace), null));
  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      writeStored(storageKey(workspace), id);
    },
    [workspace],
  );
  return [selectedId, select] as const;
}
