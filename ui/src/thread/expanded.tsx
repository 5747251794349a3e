// Which collapsible parts of the thread the reader opened. Rows of a virtual
// list unmount when scrolled away; keeping the choice here (by row key and
// part) means an opened output is still open when the reader scrolls back.
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

const ExpandedContext = createContext<Map<string, boolean> | null>(null);

export function ExpandedProvider({ children }: { children: ReactNode }) {
  const [choices] = useState(() => new Map<string, boolean>());
  return <ExpandedContext.Provider value={choices}>{children}</ExpandedContext.Provider>;
}

/** An open/closed flag remembered under `id` for the life of the thread view. */
export function useExpanded(id: string, initial = false): [boolean, (open: boolean) => void] {
  const choices = useContext(ExpandedContext);
  const [open, setOpenState] = useState(() => choices?.get(id) ?? initial);
  const setOpen = useCallback(
    (next: boolean) => {
      choices?.set(id, next);
      setOpenState(next);
    },
    [choices, id],
  );
  return [open, setOpen];
}
