import { DoctorReports } from "./Doctor";
import type { DoctorState } from "./useDoctor";

/** Shown instead of the empty state while no agent CLI is installed. */
export function FirstRun({ state, onRecheck }: { state: DoctorState; onRecheck: () => void }) {
  return (
    <section className="first-run" data-testid="first-run">
      <h1>Welcome to zwarm</h1>
      <p>
        zwarm drives coding-agent CLIs. None was found on this computer yet: install Codex CLI or Claude Code, then
        check again.
      </p>
      <DoctorReports state={state} />
      <button type="button" className="primary" onClick={onRecheck}>
        Check again
      </button>
    </section>
  );
}
