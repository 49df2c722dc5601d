import { formatSeconds } from '../../ui/format';

interface CardProps {
  title: string;
  /** When the card's data was read; null while the first read is on its way. */
  readAt: string | null;
  /** The last read failed (the message says why). */
  failed?: boolean;
  onRefresh(): void;
  children: React.ReactNode;
  wide?: boolean;
}

/** A dashboard card: its title, when its data was read, a refresh, and its content. */
export function Card({ title, readAt, failed, onRefresh, children, wide }: CardProps): React.JSX.Element {
  return (
    <section className={`card dash-card${wide ? ' wide' : ''}`} aria-label={title} aria-busy={(readAt === null && !failed) || undefined}>
      <header className="dash-card-head">
        <h2>{title}</h2>
        <span className="note" data-testid="read-at">
          {failed
            ? 'Could not be read: the reason is in the message below the page.'
            : readAt
              ? `Read ${formatSeconds(readAt)} UTC`
              : 'Reading…'}
        </span>
        <button type="button" onClick={onRefresh} aria-label={`Refresh ${title}`}>
          Refresh
        </button>
      </header>
      {children}
    </section>
  );
}
