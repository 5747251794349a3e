// Which run the Runs view shows, remembered per workspace, so another view
// (spend) can open a run. A module of its own: the shell imports it without
// pulling the lazily loaded Runs view into the first screen.
import { readStored, writeStored } from "../shell/storage";

const selectedKey = (workspace: string) => `zwarm.run.${workspace}`;

/** Makes `id` the run shown next time the Runs view opens. */
export function rememberSelectedRun(workspace: string, id: string | null): void {
  writeStored(selectedKey(workspace), id);
}

export function rememberedRun(workspace: string): string | null {
  return readStored<string | null>(selectedKey(workspace), null);
}
