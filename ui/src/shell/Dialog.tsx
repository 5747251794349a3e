import { useRef, type ReactNode } from "react";
import { useFocusTrap } from "./useFocusTrap";

type Props = {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
};

/**
 * A modal over the window; a click on the backdrop closes it (Esc is handled by the shell). Focus stays
 * inside while it is open and goes back where it was when it closes.
 */
export function Dialog({ title, testId, onClose, children, wide }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  return (
    <div className="dialog-backdrop" onMouseDown={onClose}>
      <div
        ref={box}
        tabIndex={-1}
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
