import type { ExecutionFilters } from '../../../../src-main/shared/model/workflows';

/** `trace:<uuid>`, as a link from the Audit Log (or any page) asks for one trace's executions. */
const TRACE_FILTER = /^trace:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The filters a link's filter string asks for; unknown strings ask for nothing. */
export function filtersFromLink(filter: string | undefined): ExecutionFilters {
  const trace = filter ? TRACE_FILTER.exec(filter.trim()) : null;
  return trace ? { trace: trace[1]!.toLowerCase() } : {};
}

/** Quick time ranges, by how far back they start. */
export const QUICK_RANGES = [
  { id: '1h', label: 'last hour', ms: 3_600_000 },
  { id: '24h', label: 'last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'last 30 days', ms: 30 * 86_400_000 },
] as const;

/** An <input type="datetime-local"> value read as UTC (the page says so), and back. */
export function utcFromInput(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value}Z` : null;
}
export function inputFromUtc(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16) : '';
}

export function hasFilters(f: ExecutionFilters): boolean {
  return Boolean(f.workflow || f.status || f.trace || f.from || f.to);
}

/**
 * The filters last used on the page, for this window's session and connection: coming back (Back
 * from an audit entry, the sidebar) finds the list as it was left. A link's own filter wins.
 */
let remembered: { connection: string | null; filters: ExecutionFilters } = { connection: null, filters: {} };
export function rememberFilters(connection: string | null, filters: ExecutionFilters): void {
  remembered = { connection, filters };
}
export function startingFilters(connection: string | null, link: string | undefined): ExecutionFilters {
  const fromLink = filtersFromLink(link);
  if (hasFilters(fromLink)) return fromLink;
  return remembered.connection === connection ? remembered.filters : {};
}
