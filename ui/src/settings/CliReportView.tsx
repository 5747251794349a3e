import type { CliReport, LoginCheck } from "../api";
import { StatusDot } from "../shell/StatusDot";

const LOGIN_DOT: Record<LoginCheck["state"], string> = {
  ready: "completed",
  missing: "failed",
  unknown: "killed",
};

/** Whether the CLI can reach its model, in its own words, with what was asked. */
export function LoginLine({ login }: { login: LoginCheck }) {
  return (
    <p className="cli-login" data-testid="cli-login" data-state={login.state}>
      <StatusDot status={LOGIN_DOT[login.state]} /> {login.words}{" "}
      <span className="muted small">({login.command})</span>
    </p>
  );
}

/** Where a CLI was found and its version, or why not and how to fix it; whether it is logged in; where zwarm looked. */
export function CliFindings({ report }: { report: CliReport }) {
  return (
    <>
      {report.found ? (
        <>
          <p className="path" data-testid="cli-found">
            {report.found}
          </p>
          {report.version && <p data-testid="cli-version">version {report.version}</p>}
          {report.version_note && (
            <p className="warning small" data-testid="cli-version-note">
              {report.version_note}
            </p>
          )}
          {report.version_error && <p className="error small">--version failed: {report.version_error}</p>}
          {report.login && <LoginLine login={report.login} />}
        </>
      ) : (
        <>
          <p className="error">not found</p>
          {report.fix && <p className="fix">{report.fix}</p>}
        </>
      )}
      <details>
        <summary>Places searched ({report.searched.length})</summary>
        <ul className="searched">
          {report.searched.map((place) => (
            <li key={`${place.kind}:${place.path}`} className={place.found ? "found" : undefined}>
              <span className="path">{place.path}</span> <span className="muted small">{place.kind}</span>
              {place.found && " ✓"}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

/** One CLI in the Doctor panel. */
export function CliReportView({ report }: { report: CliReport }) {
  return (
    <section className="cli-report" data-testid="cli-report" data-cli={report.cli}>
      <h3>
        <StatusDot status={report.found ? "completed" : "failed"} />
        {report.display_name} <span className="muted path">({report.cli})</span>
      </h3>
      <CliFindings report={report} />
    </section>
  );
}
