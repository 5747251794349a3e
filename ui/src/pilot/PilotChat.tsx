// The conversation at the pilot's current node, the turn running now (live),
// and the composer.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { stopPilot, type KeyStatus, type PilotGraph } from "../api";
import { formatTokens } from "../sessions/format";
import { Reasoning, Reply, ToolCall, TurnView, UserMessage } from "./ChatItems";
import { branchNotice, indexNodes, pathTo, tokens } from "./conversation";
import { KeyNotice } from "./keys";
import { dismissTurn, settleTurn, startTurn, stopTurn, type LiveTurn } from "./turns";
import { Spinner } from "../shell/Spinner";

/** Turns drawn at first; earlier ones come on request (a long path would be slow to draw whole). */
export const SHOWN_TURNS = 40;

export const BUSY_REASON = "The pilot is answering — wait for it, or press Stop";
export const BUSY_ELSEWHERE_REASON =
  "A turn of this pilot is running (sent before you switched views, or from the CLI) — wait for it, or press Stop";

type Props = {
  workspace: string;
  graph: PilotGraph;
  live: LiveTurn | null;
  runningElsewhere: boolean;
  keys: KeyStatus[] | null;
  onKeySaved: () => void;
  composerRef: RefObject<HTMLTextAreaElement | null>;
};

function LiveTurnView({ turn, onDismiss }: { turn: LiveTurn; onDismiss: () => void }) {
  const running = turn.status === "running";
  return (
    <article className="pilot-turn live" data-testid="pilot-live-turn" data-status={turn.status}>
      <UserMessage text={turn.message} />
      {turn.parts.map((part, i) => {
        switch (part.kind) {
          case "text":
            return <Reply key={i} text={part.text} live />;
          case "reasoning":
            return <Reasoning key={i} text={part.text} live />;
          case "tool":
            return (
              <ToolCall
                key={part.callId}
                expandId={`live:${part.callId}`}
                callId={part.callId}
                name={part.name}
                args={part.arguments}
                output={part.output}
                isError={part.isError}
                state={part.state}
              />
            );
          case "retrying":
            return (
              <p key={i} className="notice warning-notice pilot-retrying" role="status" data-testid="pilot-retrying">
                The model's server failed ({part.reason}); trying again (attempt {part.attempt}) in{" "}
                {Math.max(1, Math.round(part.delayMs / 1000))} s…
              </p>
            );
        }
      })}
      {turn.status === "done" ? null : running ? (
        <div className="pilot-turn-footer running-indicator" role="status">
          <Spinner />
          {turn.stopping ? "Stopping…" : "Working…"}
          {turn.steps > 0 && (
            <span className="muted">
              {" "}
              {turn.steps} call{turn.steps === 1 ? "" : "s"} · {formatTokens(tokens(turn.usage))} tok so far
            </span>
          )}
        </div>
      ) : (
        <div className="pilot-error turn-failed" role="alert">
          <div data-testid="pilot-error">{turn.error}</div>
          <div className="pilot-error-foot small">
            Nothing was recorded; your message is back in the box.{" "}
            <button type="button" className="link" data-testid="pilot-error-dismiss" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

export function PilotChat({ workspace, graph, live, runningElsewhere, keys, onKeySaved, composerRef }: Props) {
  const pilot = graph.meta.id;
  const index = useMemo(() => indexNodes(graph.nodes), [graph.nodes]);
  const path = useMemo(() => pathTo(index, graph.meta.head), [index, graph.meta.head]);
  const [shown, setShown] = useState(SHOWN_TURNS);
  // A finished turn stays drawn live until its node is in the graph shown, and
  // is hidden in the same render that draws the node.
  const settled = live?.status === "done" && live.node !== null && index.has(live.node.id);
  const shownLive = settled ? null : live;
  useEffect(() => {
    if (settled) settleTurn(workspace, pilot);
  }, [settled, workspace, pilot]);
  const visible = path.slice(Math.max(0, path.length - shown));
  const hidden = path.length - visible.length;

  const [text, setText] = useState(() => (live?.status === "failed" ? live.message : ""));
  const failedMessage = live?.status === "failed" ? live.message : null;
  useEffect(() => {
    if (failedMessage !== null) setText((current) => (current === "" ? failedMessage : current));
  }, [failedMessage]);

  const localRunning = live?.status === "running";
  const busy = localRunning || runningElsewhere;
  const reason = localRunning ? BUSY_REASON : runningElsewhere ? BUSY_ELSEWHERE_REASON : null;
  const canSend = !busy && text.trim() !== "";
  const notice = branchNotice(graph);

  function send() {
    if (!canSend) return;
    const message = text;
    setText("");
    dismissTurn(workspace, pilot);
    void startTurn(workspace, pilot, message, graph.meta.head ?? "root");
  }

  function stop() {
    if (localRunning) void stopTurn(workspace, pilot);
    else void stopPilot(pilot);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  // Follow the end of the conversation while the reader is there.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [path, live]);

  return (
    <section className="thread-view pilot-chat" aria-label="Pilot conversation">
      <div
        className="pilot-chat-scroll"
        data-testid="pilot-chat"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.clientHeight - el.scrollTop < 80;
        }}
      >
        {hidden > 0 && (
          <button type="button" className="link small pilot-show-earlier" data-testid="pilot-show-earlier" onClick={() => setShown((n) => n + SHOWN_TURNS)}>
            Show {Math.min(hidden, SHOWN_TURNS)} earlier turn{Math.min(hidden, SHOWN_TURNS) === 1 ? "" : "s"} ({hidden} hidden)
          </button>
        )}
        {path.length === 0 && !shownLive && (
          <div className="pilot-chat-empty muted" data-testid="pilot-chat-empty">
            {graph.nodes.length === 0
              ? "Tell the pilot what to do. It starts agent sessions, waits for them, checks their work and reports back."
              : "At the start: the next message begins a new conversation."}
          </div>
        )}
        {visible.map((node) => (
          <TurnView key={node.id} node={node} current={node.id === graph.meta.head} />
        ))}
        {shownLive && <LiveTurnView turn={shownLive} onDismiss={() => dismissTurn(workspace, pilot)} />}
      </div>
      <KeyNotice provider={graph.meta.model.provider} keys={keys} onSaved={onKeySaved} />
      <form
        className="composer pilot-composer"
        data-testid="pilot-composer"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        {notice && !busy && (
          <p className="small pilot-branch-notice" data-testid="pilot-branch-notice">
            {notice}
          </p>
        )}
        {reason && (
          <p className="muted small composer-reason" data-testid="pilot-composer-reason">
            {reason}
          </p>
        )}
        <div className="composer-row">
          <textarea
            ref={composerRef}
            data-testid="pilot-composer-input"
            aria-label="Message to the pilot"
            placeholder={reason ? undefined : "Message the pilot… (Enter sends, Shift+Enter for a new line)"}
            rows={2}
            value={text}
            disabled={busy}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
          />
          {busy && (
            <button type="button" className="danger-button" data-testid="pilot-stop" disabled={live?.stopping} onClick={stop}>
              {live?.stopping ? "Stopping…" : "Stop"}
            </button>
          )}
          <button type="submit" className="primary" data-testid="pilot-send" disabled={!canSend}>
            Send
          </button>
        </div>
      </form>
    </section>
  );
}
