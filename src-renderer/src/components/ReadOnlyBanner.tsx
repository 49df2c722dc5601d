import { useStore } from '../store';

/** Whether changes are allowed, and the banner that says why not on a read-only connection. */
export function useReadOnly(): boolean {
  return useStore((s) => s.connection?.readOnly ?? false);
}

export function ReadOnlyBanner(): React.JSX.Element | null {
  const readOnly = useReadOnly();
  if (!readOnly) return null;
  return (
    <p className="banner" role="note" data-testid="read-only-banner">
      This connection is read-only (enforced by the server): you can look, but changes are disabled here.
    </p>
  );
}

export function NotConnected({ title }: { title: string }): React.JSX.Element {
  return (
    <section>
      <h1>{title}</h1>
      <p>Not connected. Choose a connection on the Connections page.</p>
    </section>
  );
}

export function formatTime(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}
