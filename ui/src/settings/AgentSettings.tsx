// Settings → Agents: each CLI's path and extra arguments (`[codex]` and
// `[claude]` in .zwarm/config.toml), the version found and where, and
// whether it is logged in to its model (the doctor's answers).
//
// Trust: what the user types here is theirs, so the backend trusts it when
// saving, but only when the rest of the file was trusted already. Settings
// the file brought in are never trusted by a save: they are listed below
// with their own "Trust these settings" button, as in the banner.
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { agentSettings, setAgentSettings, trustWorkspace, type AgentConfig, type AgentConfigs, type CliReport } from "../api";
import { adapterName } from "../shell/adapterNames";
import { messageOf } from "../shell/errors";
import { CliFindings } from "./CliReportView";
import type { DoctorState } from "./useDoctor";

type Props = { workspace: string; doctor: DoctorState; onRecheck: () => void };

/** The text of the arguments box: one argument a line, so spaces and quotes need no escaping. */
export function argsText(args: string[]): string {
  return args.join("\n");
}

/** The arguments the box holds: one a line, blank lines dropped, nothing else touched. */
export function argsOf(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

export function AgentSettings({ workspace, doctor, onRecheck }: Props) {
  const [configs, setConfigs] = useState<AgentConfigs | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setConfigs(null);
    agentSettings(workspace).then(
      (answer) => live && setConfigs(answer),
      (e: unknown) => live && setError(`Could not read .zwarm/config.toml: ${messageOf(e)}`),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  const saved = useCallback(
    (answer: AgentConfigs) => {
      setConfigs(answer);
      onRecheck();
    },
    [onRecheck],
  );

  const reportOf = (agent: AgentConfig): CliReport | undefined =>
    doctor.status === "ready" ? doctor.reports.find((r) => r.cli === agent.adapter) : undefined;

  return (
    <div className="agent-settings" data-testid="agent-settings">
      <p className="muted small">
        Where zwarm finds each agent CLI and the arguments it adds to every turn ({configs?.file ?? ".zwarm/config.toml"}).
        Leave the path empty to search like a login shell. Values you save here are trusted at once; values the file
        brought in wait for your trust.
      </p>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {configs?.untrusted && <UntrustedNotice workspace={workspace} configs={configs} onTrusted={saved} />}
      {configs?.agents.map((agent) => (
        <AgentForm key={agent.adapter} workspace={workspace} agent={agent} report={reportOf(agent)} doctor={doctor} onSaved={saved} />
      ))}
    </div>
  );
}

function UntrustedNotice({ workspace, configs, onTrusted }: { workspace: string; configs: AgentConfigs; onTrusted: (c: AgentConfigs) => void }) {
  const [error, setError] = useState<string | null>(null);
  const untrusted = configs.untrusted;
  if (!untrusted) return null;
  const trust = async () => {
    setError(null);
    try {
      await trustWorkspace(workspace, untrusted.fingerprint);
      onTrusted(await agentSettings(workspace));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="trust-banner" role="alert" data-testid="agent-settings-untrusted">
      <p>
        <strong>Not in effect:</strong> the file asks for settings you have not trusted, so none of these apply and new
        agent turns are refused until you trust them.
      </p>
      <ul className="trust-wants">
        {untrusted.wants.settings.map((line) => (
          <li key={line}>
            <code>{line}</code>
          </li>
        ))}
      </ul>
      {error && <p className="error small">{error}</p>}
      <div className="trust-actions">
        <button type="button" className="danger" data-testid="agent-settings-trust" onClick={() => void trust()}>
          Trust these settings
        </button>
      </div>
    </div>
  );
}

type FormProps = {
  workspace: string;
  agent: AgentConfig;
  report: CliReport | undefined;
  doctor: DoctorState;
  onSaved: (configs: AgentConfigs) => void;
};

function AgentForm({ workspace, agent, report, doctor, onSaved }: FormProps) {
  const name = adapterName(agent.adapter);
  const [path, setPath] = useState(agent.path ?? "");
  const [args, setArgs] = useState(argsText(agent.args));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const answer = await setAgentSettings(workspace, { adapter: agent.adapter, path: path.trim() || null, args: argsOf(args) });
      const mine = answer.agents.find((a) => a.adapter === agent.adapter);
      setPath(mine?.path ?? "");
      setArgs(argsText(mine?.args ?? []));
      setNote(
        answer.untrusted
          ? "Saved to .zwarm/config.toml, but not in effect: the file also asks for settings you have not trusted (above)."
          : "Saved to .zwarm/config.toml and in effect for the next turn.",
      );
      onSaved(answer);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="agent-form" data-testid="agent-form" data-adapter={agent.adapter} onSubmit={submit} noValidate>
      <fieldset>
        <legend>{name}</legend>
        <div className="settings-fields">
          <label htmlFor={`agent-path-${agent.adapter}`}>Path</label>
          <input
            id={`agent-path-${agent.adapter}`}
            data-testid="agent-path-input"
            value={path}
            placeholder={`searched (PATH, npm, ~/.local/bin, nvm): leave empty`}
            onChange={(e) => setPath(e.target.value)}
          />
          <label htmlFor={`agent-args-${agent.adapter}`}>Extra arguments, one a line</label>
          <textarea
            id={`agent-args-${agent.adapter}`}
            data-testid="agent-args-input"
            rows={2}
            value={args}
            placeholder="none"
            onChange={(e) => setArgs(e.target.value)}
          />
          {agent.env.length > 0 && (
            <>
              <span className="settings-label">Variables kept</span>
              <span className="small">
                <code>{agent.env.join(", ")}</code> <span className="muted">(env in the file)</span>
              </span>
            </>
          )}
          <span className="settings-label">Found</span>
          <div className="agent-found" data-testid="agent-found">
            {report ? <CliFindings report={report} /> : <p className="muted small">{doctor.status === "error" ? doctor.message : "Looking…"}</p>}
          </div>
        </div>
        {error && (
          <p role="alert" className="error small" data-testid="agent-settings-error">
            {error}
          </p>
        )}
        {note && (
          <p className="muted small" data-testid="agent-settings-saved">
            {note}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="agent-settings-save">
            {busy ? "Saving…" : `Save ${name}`}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
