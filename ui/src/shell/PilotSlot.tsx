// Where the Pilot view goes. It lives in src/pilot (with the graph, which
// brings React Flow) and is loaded lazily so the shell draws first.
import { lazy, type ComponentProps } from "react";
import type { PilotView as PilotViewType } from "../pilot/PilotView";
import { SlotBoundary } from "./SlotBoundary";

const PilotView = lazy(() => import("../pilot/PilotView").then((module) => ({ default: module.PilotView })));

type Props = ComponentProps<typeof PilotViewType>;

export function PilotSlot(props: Props) {
  return (
    <SlotBoundary
      key={props.workspace}
      label="pilot view"
      testId="pilot-view-error"
      wrap={(content) => <main className="shell-main">{content}</main>}
    >
      <PilotView {...props} />
    </SlotBoundary>
  );
}
