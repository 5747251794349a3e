// A shell command the agent ran: its line, whether it is still running (or was
// cut off when its turn ended), how it exited, and its output (folded when long).
import type { AgentEvent } from "../api";
import { displayCommand } from "./format";
import { LongText } from "./LongText";
import { Spinner } from "../shell/Spinner";

type Command = Extract<AgentEvent, { kind: "command" }>;

export function CommandBlock({ event, expandId }: { event: Command; expandId: string }) {
  const failed = event.exit_code !== null && event.exit_code !== 0;
  const running = event.status === "running";
  return (
    <div
      className={`command-block${failed || event.status === "failed" ? " failed" : ""}`}
      data-testid="command-block"
      data-status={event.status}
    >
      <div className="command-head">
        <span className="command-prompt" aria-hidden="true">
          $
        </span>
        <code className="command-line" data-testid="command-line" title={event.command}>
          {displayCommand(event.command)}
        </code>
        {running && (
          <span className="running-indicator" data-testid="command-running" role="status">
            <Spinner /> running
          </span>
        )}
        {event.status === "denied" && <span className="badge denied">denied</span>}
        {event.status === "interrupted" && (
          <span className="badge interrupted" data-testid="command-interrupted" title="The turn ended before it finished">
            interrupted
          </span>
        )}
        {event.exit_code !== null && (
          <span className={`exit-code${failed ? " nonzero" : ""}`} data-testid="exit-code" data-exit-code={event.exit_code}>
            exit {event.exit_code}
          </span>
        )}
        {!running && event.exit_code === null && event.status === "failed" && (
          <span className="exit-code nonzero">failed</span>
        )}
      </div>
      {event.output !== "" && (
        <LongText text={event.output} expandId={`${expandId}:output`} tail className="command-output" testId="command-output" />
      )}
    </div>
  );
}
