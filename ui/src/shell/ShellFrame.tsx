import type { CSSProperties, ReactNode } from "react";
import { DEFAULT_SIDEBAR_WIDTH } from "./SidebarResizer";

type Props = {
  header: ReactNode;
  status: ReactNode;
  children: ReactNode;
  sidebarWidth?: number;
};

/** The window's grid: header, sidebar + main (the children), status strip. */
export function ShellFrame({ header, status, children, sidebarWidth = DEFAULT_SIDEBAR_WIDTH }: Props) {
  const style = { "--sidebar-width": `${sidebarWidth}px` } as CSSProperties;
  return (
    <div className="shell" data-testid="app-shell" style={style}>
      <header className="shell-header" data-testid="app-header">
        <span className="brand">zwarm</span>
        {header}
      </header>
      {children}
      <footer className="shell-status" data-testid="status-strip">
        {status}
      </footer>
    </div>
  );
}
