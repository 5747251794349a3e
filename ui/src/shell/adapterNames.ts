// The one place that turns adapter and provider ids into the words the
// window shows: `codex` → "Codex", `open_ai_responses` → "OpenAI Responses".
// Spend groups, session rows, the pilot's model line and run dialogs all read
// ids from the backend (`Adapter`, `Provider`, a spend record's `adapter`);
// none of them should print the id itself.
import type { Adapter, Provider } from "../api";

const NAMES: Record<Adapter | Provider, string> = {
  codex: "Codex",
  claude: "Claude Code",
  open_ai_responses: "OpenAI Responses",
  anthropic: "Anthropic Messages",
  chat_completions: "OpenAI-compatible chat",
};

/**
 * The words for an agent CLI (`codex`, `claude`) or a pilot provider
 * (`open_ai_responses`, `anthropic`, `chat_completions`). An id this build
 * does not know (a newer backend) is shown as it is rather than guessed at;
 * an empty one reads "unknown".
 */
export function adapterName(id: string): string {
  if (!id) return "unknown";
  return Object.hasOwn(NAMES, id) ? NAMES[id as keyof typeof NAMES] : id;
}
