// The coloured dot of a status. With `label` it is an image with that name
// (for a dot that stands alone, so screen readers say the status); without,
// it is decoration beside text that says the same.
export function StatusDot({ status, label }: { status: string; label?: string }) {
  const className = `status-dot status-${status}`;
  if (label) return <span className={className} role="img" aria-label={label} />;
  return <span className={className} aria-hidden="true" />;
}
