/** One page of a keyset-paged listing (users, keys, audit entries…). */
export interface Page<T> {
  rows: T[];
  /** Rows matching the filters, all pages together; null when not asked for. */
  total: number | null;
  hasMore: boolean;
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

export type SortDirection = 'asc' | 'desc';
