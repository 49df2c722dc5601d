import { format } from 'date-fns';
import { formatSeconds, formatTime } from './format';

/**
 * A timestamp as the audit convention writes it (UTC, as stored), with the reader's local time on
 * hover. `iso` is ISO 8601 UTC (`…Z`), or null for "never".
 */
export function Time({ iso, seconds = false }: { iso: string | null; seconds?: boolean }): React.JSX.Element {
  if (!iso) return <span>—</span>;
  const local = new Date(iso);
  const title = Number.isNaN(local.getTime()) ? undefined : `${format(local, 'yyyy-MM-dd HH:mm:ss')} local time`;
  return (
    <time dateTime={iso} title={title}>
      {seconds ? formatSeconds(iso) : formatTime(iso)}
    </time>
  );
}
