import type { CliReport } from "../api";
import { StatusDot } from "../shell/StatusDot";

/** One CLI: where it was found and its version, or why not and how to fix it. */
export function CliReportView({ report }: { report: CliReport }) {
  return (
    <section className="cli-report" data-testid="cli-report" data-cli={report.cli}>
      <h3>
        <StatusDot status={report.found ? "completed" : "failed"} />
        {report.display_name} <span className="muted path">({report.cli})</span>
      </h3>
      {report.found ? (
        <>
          <p className="path">{report.found}</p>
          {report.version && <p>version {report.version}</p>}
          {report.version_error && <p className="error small">--version failed: {report.version_error}</p>}
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
    </section>
  );
}
