// How pilot views open an executor session in the Sessions view: the shell
// passes `openSession`; ids in tool calls may be prefixes, resolved against
// the sessions the workspace knows.
import { createContext, useContext } from "react";
import type { SessionSummary } from "../api";

export type SessionLinks = {
  /** The full id of a known session matching `idOrPrefix`, or null. */
  resolve: (idOrPrefix: string) => string | null;
  open: (id: string) => void;
  /** The workspace's record of a session (its title, fork origin, cost), by full id. */
  summary: (id: string) => SessionSummary | null;
};

export const SessionLinksContext = createContext<SessionLinks | null>(null);

export function useSessionLinks(): SessionLinks | null {
  return useContext(SessionLinksContext);
}

export function SessionLink({ id, className }: { id: string; className?: string }) {
  const links = useSessionLinks();
  const full = links?.resolve(id) ?? null;
  if (!links || !full) return <span className={`path ${className ?? ""}`}>{id.slice(0, 8)}</span>;
  return (
    <button
      type="button"
      className={`link path ${className ?? ""}`}
      data-testid="pilot-open-session"
      data-session-id={full}
      title="Show this session in the Sessions view"
      onClick={() => links.open(full)}
    >
      session {full.slice(0, 8)} ↗
    </button>
  );
}
