/**
 * Times a person types or picks for a filter, as they cross the bridge: ISO 8601 in UTC with a
 * `Z`, to the minute at least (`2026-01-01T00:00Z`), seconds and up to six decimals optional.
 * The audit convention is UTC (docs/formats.md), so a time without its `Z` is refused rather
 * than guessed.
 */
export const ISO_UTC_INPUT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?Z$/;

/** What the message of a refused time says it should look like. */
export const ISO_UTC_INPUT_HINT = 'an ISO 8601 UTC time such as 2026-01-01T00:00Z';

/** A filter's time range; either end may be open. `from` is included, `to` is not. */
export interface TimeRange {
  from?: string | null;
  to?: string | null;
}
