// Settings → Keys: every API key zwarm deals with and where it comes from.
// The pilot's keys (its providers' environment variables, or a key saved in
// the system keyring or the private key file) can be saved or forgotten
// here. The agent CLIs keep their own credentials: this shows what each one
// says it uses (the doctor's login check), and says how to change it.
import { KeyList } from "../pilot/keys";
import { adapterName } from "../shell/adapterNames";
import { LoginLine } from "./CliReportView";
import type { DoctorState } from "./useDoctor";

export function KeySettings({ doctor }: { doctor: DoctorState }) {
  return (
    <div className="key-settings" data-testid="key-settings">
      <p className="muted small">
        The pilot and runs call their model with these keys. Saved keys are kept on this computer, never in the
        workspace.
      </p>
      <KeyList />
      <p className="muted small">
        The agent CLIs use their own login or key (the environment variables zwarm started with, or what{" "}
        <code>codex login</code> and <code>claude auth login</code> saved). zwarm never gives a Codex agent the
        Anthropic key, nor a Claude agent the OpenAI key.
      </p>
      <table className="settings-table" data-testid="agent-key-table">
        <thead>
          <tr>
            <th>Agent CLI</th>
            <th>Credentials</th>
          </tr>
        </thead>
        <tbody>
          {doctor.status === "loading" && (
            <tr>
              <td colSpan={2} className="muted">
                Asking the CLIs…
              </td>
            </tr>
          )}
          {doctor.status === "error" && (
            <tr>
              <td colSpan={2} className="error">
                {doctor.message}
              </td>
            </tr>
          )}
          {doctor.status === "ready" &&
            doctor.reports.map((report) => (
              <tr key={report.cli} data-testid="agent-key-row" data-cli={report.cli}>
                <td>{adapterName(report.cli)}</td>
                <td>
                  {report.login ? (
                    <LoginLine login={report.login} />
                  ) : (
                    <span className="muted">not found: set its path in Settings → Agents</span>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
