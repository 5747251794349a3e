// The app once the backend answered: workspace tabs, the active workspace's
// sessions, dialogs and keyboard shortcuts.
import { useState } from "react";
import type { AppInfo } from "../api";
import { Doctor } from "../settings/Doctor";
import { noCliFound, useDoctor } from "../settings/useDoctor";
import { OpenFolderMenu } from "../workspace/OpenFolderMenu";
import { useWorkspaces } from "../workspace/useWorkspaces";
import { WorkspaceTabs } from "../workspace/WorkspaceTabs";
import type { OpenDialog } from "./dialogs";
import { NoWorkspace } from "./NoWorkspace";
import { SettingsNotice } from "./SettingsNotice";
import { ShellFrame } from "./ShellFrame";
import { useSidebarWidth } from "./SidebarResizer";
import { SpendBadge } from "../spend/SpendBadge";
import { useShortcuts } from "./useShortcuts";
import { useWorkspaceViewMode } from "./view";
import { ViewSwitch } from "./ViewSwitch";
import { WorkspaceView } from "./WorkspaceView";

export function Cockpit({ info }: { info: AppInfo }) {
  const workspaces = useWorkspaces(info);
  const active = workspaces.active;
  const doctor = useDoctor(active?.root ?? null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [sidebarWidth, setSidebarWidth] = useSidebarWidth();
  const [view, setView] = useWorkspaceViewMode(active?.root ?? null);

  useShortcuts({
    onNewSession: () => active && setDialog("new-session"),
    onQuickSwitcher: () => active && setDialog("quick-switcher"),
    onEscape: () => setDialog(null),
  });

  const header = (
    <>
      <WorkspaceTabs controller={workspaces} />
      <OpenFolderMenu controller={workspaces} />
      {active && <ViewSwitch view={view} onChange={setView} />}
      <span className="header-spacer" />
      <button
        type="button"
        className="primary"
        data-testid="new-session-button"
        disabled={!active}
        title="New session (Ctrl+N)"
        onClick={() => setDialog("new-session")}
      >
        New session
      </button>
      <button type="button" data-testid="doctor-button" onClick={() => setDialog("doctor")}>
        Doctor
      </button>
    </>
  );

  const status = (
    <>
      <span data-testid="backend-version">
        backend {info.version} · core {info.core_version}
      </span>
      {active && (
        <span className="path status-root" data-testid="workspace-root" title={active.root}>
          {/* Cut from the left (the folder's own name matters most), the path itself read left to right. */}
          <bdi dir="ltr">{active.root}</bdi>
        </span>
      )}
      {active && <SpendBadge key={active.root} workspace={active.root} />}
    </>
  );

  return (
    <ShellFrame header={header} status={status} sidebarWidth={sidebarWidth}>
      {active ? (
        <WorkspaceView
          key={active.root}
          workspace={active}
          dialog={dialog}
          setDialog={setDialog}
          firstRun={noCliFound(doctor.state)}
          doctorState={doctor.state}
          onRecheckDoctor={doctor.recheck}
          sidebarWidth={sidebarWidth}
          onResizeSidebar={setSidebarWidth}
          view={view}
          onViewChange={setView}
        />
      ) : (
        <NoWorkspace controller={workspaces} />
      )}
      {active && workspaces.error && (
        <div role="alert" className="error banner" data-testid="workspace-error">
          {workspaces.error}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={workspaces.dismissError}>
            ×
          </button>
        </div>
      )}
      <SettingsNotice notice={info.settings_notice} />
      {dialog === "doctor" && (
        <Doctor state={doctor.state} onRecheck={doctor.recheck} onClose={() => setDialog(null)} />
      )}
    </ShellFrame>
  );
}
