import { Dialog } from "../shell/Dialog";
import { CliReportView } from "./CliReportView";
import type { DoctorState } from "./useDoctor";

type Props = { state: DoctorState; onRecheck: () => void; onClose: () => void };

/** The Doctor panel: which agent CLIs zwarm can run, and where it looked. */
export function Doctor({ state, onRecheck, onClose }: Props) {
  return (
    <Dialog title="Doctor" testId="doctor-panel" onClose={onClose} wide>
      <DoctorReports state={state} />
      <div className="form-actions">
        <button type="button" onClick={onRecheck}>
          Check again
        </button>
      </div>
    </Dialog>
  );
}

export function DoctorReports({ state }: { state: DoctorState }) {
  if (state.status === "loading") return <p className="muted">Looking for the agent CLIs…</p>;
  if (state.status === "error") {
    return (
      <p role="alert" className="error">
        The doctor failed: {state.message}
      </p>
    );
  }
  return (
    <div className="cli-reports">
      {state.reports.map((report) => (
        <CliReportView key={report.cli} report={report} />
      ))}
    </div>
  );
}
