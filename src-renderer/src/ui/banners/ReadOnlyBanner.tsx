import { useReadOnly } from '../../store/useReadOnly';

/** Says why changes are disabled, on a read-only connection; nothing otherwise. */
export function ReadOnlyBanner(): React.JSX.Element | null {
  const readOnly = useReadOnly();
  if (!readOnly) return null;
  return (
    <p className="banner" role="note" data-testid="read-only-banner">
      This connection is read-only (enforced by the server): you can look, but changes are disabled here.
    </p>
  );
}
