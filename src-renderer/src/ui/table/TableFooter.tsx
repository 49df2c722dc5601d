import { formatCount } from '../format';
import type { TableFeed } from './types';

function shown<T>(feed: TableFeed<T>): string {
  const n = feed.rows.length;
  if (n === 0 && feed.loading) return 'Loading…';
  if (!feed.hasMore) {
    if (n === 0) return '';
    // A window started from the end (or that dropped its first pages) holds only the last rows.
    return feed.hasBefore
      ? `End of the list: ${formatCount(n)} held here, earlier ones load as you scroll up`
      : `All ${formatCount(n)} shown`;
  }
  return feed.total === null ? `${formatCount(n)} shown, more to load` : `${formatCount(n)} of ${formatCount(feed.total)} shown`;
}

/** Under a paged table: how many rows are shown, and the button that loads more (or retries). */
export function TableFooter<T>({ feed, end }: { feed: TableFeed<T>; end: React.RefObject<HTMLDivElement | null> }): React.JSX.Element {
  return (
    <div className="table-foot" ref={end}>
      <span data-testid="table-status" aria-live="polite">
        {feed.failed ? 'Loading stopped: the reason is in the message.' : shown(feed)}
      </span>
      {feed.hasMore && (
        <button type="button" disabled={feed.loading} onClick={feed.requestMore}>
          {feed.failed ? 'Try again' : 'Load more'}
        </button>
      )}
    </div>
  );
}
