/** TIMESTAMP columns (UTC by convention) to and from text, independent of the server's DateStyle. */

/** A Date as a UTC TIMESTAMP literal for a bound parameter (`YYYY-MM-DD HH:MM:SS.mmm`). */
export function pgTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/** A TIMESTAMP column as ISO 8601 UTC text with microseconds (independent of DateStyle). */
export function isoSql(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** ISO text from isoSql back to a TIMESTAMP parameter value (microseconds kept). */
export function isoToPg(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

export const ISO_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Microseconds since the epoch (UTC) as a TIMESTAMP literal, microseconds kept: `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function pgTimestampFromMicros(epochUs: bigint): string {
  const ms = Number(epochUs / 1000n);
  const us = Number(epochUs % 1_000_000n);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(us).padStart(6, '0')}`;
}
