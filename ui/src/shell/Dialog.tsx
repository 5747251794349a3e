import type { ReactNode } from "react";

type Props = {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
};

/** A modal over the window; a click on the backdrop closes it (Esc is handled by the shell). */
export function Dialog({ title, testId, onClose, children, wide }: Props) {
  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className={`dialog${wide ? " wide" : ""}`}
        data-testid={testId}
        onMouseDown={(event) => event.stopPropagation()}
      >
        <div className="dialog-header">
          <h2>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
