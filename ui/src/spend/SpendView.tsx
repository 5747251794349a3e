// The Spend view: what this workspace has cost, when, on which models, for
// which sessions and pilots, against which budgets. Figures refresh every
// 10 s while it is open; unpriced work is always counted in tokens beside
// the dollars, because a dollar sum that silently skips it would mislead.
import type { SpendReport } from "../api";
import { adapterName } from "../shell/adapterNames";
import { BudgetBars } from "./BudgetBars";
import { ExportCsv } from "./ExportCsv";
import { GroupTable } from "./GroupTable";
import { SpendChart } from "./SpendChart";
import { TopList } from "./TopList";
import { TotalsCard } from "./TotalsCard";
import { reportedDiffers, reportedNote } from "./format";
import { useSpendReport } from "./useSpendReport";
import "./spend.css";

export type SpendViewProps = {
  /** The workspace root, as the backend knows it. */
  workspace: string;
  onOpenSession: (id: string) => void;
  /** Shows a pilot, or (`isRun`) an orchestrator run in the Runs view. */
  onOpenPilot: (pilotId: string, isRun: boolean) => void;
};

export function SpendView({ workspace, onOpenSession, onOpenPilot }: SpendViewProps) {
  const { report, error, loading, refresh } = useSpendReport(workspace);
  return (
    <div className="spend-view" data-testid="spend-view">
      <header className="spend-header">
        <h2>Spend</h2>
        <span className="header-spacer" />
        <ExportCsv workspace={workspace} />
        <button type="button" data-testid="spend-refresh" onClick={refresh} disabled={loading}>
          Refresh
        </button>
      </header>
      {error && (
        <p role="alert" className="error" data-testid="spend-error">
          Could not read the spend: {error}
        </p>
      )}
      {report ? (
        <SpendBody report={report} onOpenSession={onOpenSession} onOpenPilot={onOpenPilot} />
      ) : (
        !error && <p className="muted">Adding up the spend…</p>
      )}
    </div>
  );
}

type BodyProps = Omit<SpendViewProps, "workspace"> & { report: SpendReport };

function SpendBody({ report, onOpenSession, onOpenPilot }: BodyProps) {
  return (
    <>
      {report.problems.length > 0 && (
        <div role="alert" className="warning spend-problems" data-testid="spend-problems">
          <p>Some of the workspace could not be read; each is left out on its own:</p>
          <ul>
            {report.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="spend-cards">
        <TotalsCard title="Today" totals={report.today} testId="spend-today" />
        <TotalsCard title="This week" totals={report.this_week} testId="spend-week" hint="Since Monday, local time" />
        <TotalsCard title="All time" totals={report.all_time} testId="spend-all" />
      </div>
      <div className="spend-cards">
        <TotalsCard title="Pilot LLM" totals={report.pilot} testId="spend-pilot" hint="The pilots' own model calls" />
        <TotalsCard
          title="Agents"
          totals={report.executor}
          testId="spend-executor"
          hint="The agent CLIs' turns (Codex, Claude Code)"
        />
      </div>
      {reportedDiffers(report.all_time) && (
        <p className="spend-note small" data-testid="spend-reported-vs-estimate">
          Some CLIs report their own cost; the totals use those figures. For the same turns, {reportedNote(report.all_time)}.
        </p>
      )}
      <BudgetBars budgets={report.budgets} />
      <div className="spend-charts">
        <SpendChart title="By day" keyLabel="Day" groups={report.by_day} testId="spend-chart-day" />
        <SpendChart title="By model" keyLabel="Model" groups={report.by_model} testId="spend-chart-model" />
      </div>
      <div className="spend-tops">
        <TopList
          title="Top sessions"
          groups={report.top_sessions}
          names={report.session_titles}
          deleted={report.deleted_sessions}
          testId="spend-top-sessions"
          rowTestId="spend-session-row"
          idAttribute="data-session-id"
          emptyText="No agent turns yet."
          onOpen={onOpenSession}
        />
        <TopList
          title="Top pilots and runs"
          groups={report.top_pilots}
          names={report.pilot_names}
          testId="spend-top-pilots"
          rowTestId="spend-pilot-row"
          idAttribute="data-pilot-id"
          emptyText="No pilot or run has spent anything yet."
          onOpen={(id) => onOpenPilot(id, report.run_ids.includes(id))}
        />
      </div>
      <section data-testid="spend-by-adapter">
        <h3 className="section-title">By adapter</h3>
        <GroupTable
          groups={report.by_adapter}
          keyLabel="Adapter"
          caption="Spend by agent CLI and pilot provider"
          formatKey={adapterName}
        />
      </section>
    </>
  );
}
