/**
 * A govcon/v2 report for a person on a terminal (what govcon prints without --json): the
 * subject, the counts, the outcome, the first findings, and what the method does not cover.
 * The HTML report (html.ts) says the same in the same words.
 */
import type { Finding, Report } from '../../../shared/model/report';

/** Findings printed before "… N more". */
const SHOWN = 50;

/** Plain digits, as before version 2: easy to read back with grep and awk. */
const n = (value: number) => String(value);
/** "1 line", "2 lines". */
const count = (value: number, word: string) => `${n(value)} ${word}${value === 1 ? '' : 's'}`;

/** "66 lines — 43 ok, 5 tampered, 18 malformed": each format's counts in its own words. */
export function countsLine(report: Report): string {
  switch (report.format) {
    case 'jsonl-v1':
      return `${count(report.total, 'line')} — ${n(report.ok)} ok, ${n(report.tampered)} tampered, ${n(report.malformed)} malformed`;
    case 'db-v1':
      return `${count(report.total, 'row')} — ${n(report.ok)} ok, ${n(report.tampered)} tampered, ${n(report.unverifiable)} unverifiable`;
    case 'jsonl-v1-import': {
      const skipped = [
        report.already_present ? `${n(report.already_present)} already imported` : null,
        report.duplicates ? `${n(report.duplicates)} repeated in the file` : null,
        report.matched_existing ? `${n(report.matched_existing)} already in the database` : null,
        report.differs ? `${n(report.differs)} differ from the database` : null,
      ].filter(Boolean);
      return `${count(report.total, 'line')} — ${n(report.imported)} imported${skipped.length ? `, ${skipped.join(', ')}` : ''}, ${n(report.rejected)} rejected`;
    }
    case 'custody-v1':
      return `${n(report.total)} imported ${report.total === 1 ? 'row' : 'rows'} — ${n(report.ok)} re-proved, ${n(report.failed)} failed`;
    case 'seal-v1':
      return `${count(report.total, 'row')} — ${n(report.sealed_rows)} sealed in ${count(report.seals, 'seal')}, ${n(report.unsealed_rows)} not sealed yet`;
    case 'evidence-v1':
      return `${count(report.total, 'row')} — ${n(report.ok)} proven against signed checkpoints, in ${count(report.runs, 'run')}`;
    case 'backup-v1':
      return `${count(report.total, 'row')} in ${count(report.tables.length, 'table')} — ${
        report.operation === 'backup' ? 'backed up' : report.operation === 'restore' ? 'restored' : 'checked'
      }${report.outcome === 'clean' ? '' : ', the file is not sound'}`;
    case 'privileges-v1':
      return `${count(report.total, 'privilege')} examined — ${n(report.findings.length + report.findings_not_listed)} could rewrite history`;
  }
}

/** What a finding's kind means, for a person. */
const KIND_WORDS: Record<string, string> = {
  empty: 'nothing to judge',
  'differs-from-database': 'differs from the database',
  'not-importable': 'not importable',
  'database-rejected': 'refused by the database',
};

/** "line 8: tampered (hash-mismatch)", "row 12 (id …): unverifiable (bad-created-at)". */
export function findingLine(f: Finding): string {
  const where =
    f.line !== null
      ? `line ${f.line}`
      : f.seal !== null && f.position !== null
        ? `leaf ${f.position} (seal ${f.seal})`
        : f.seal !== null
          ? `seal ${f.seal}`
          : f.position !== null
            ? `row ${f.position}`
            : null;
  const id = f.id ? ` ${f.id}` : '';
  const what = `${KIND_WORDS[f.kind] ?? f.kind}${f.reason ? ` (${f.reason})` : ''}`;
  const detail = findingDetail(f);
  return `${where ? `${where}${id}: ` : id ? `${id.trim()}: ` : ''}${what}${detail ? ` ${detail}` : ''}`;
}

/** The part of a finding's detail a person needs on one line (a message, the columns that differ). */
export function findingDetail(f: Finding): string {
  const d = f.detail as Record<string, unknown> | null;
  if (f.kind === 'empty') return f.reason === 'no-rows' ? '— there are no rows' : '— there are no lines';
  if (!d || typeof d !== 'object') return '';
  const parts: string[] = [];
  if (typeof d.file_name === 'string') parts.push(`in ${d.file_name}:`);
  if (typeof d.message === 'string') parts.push(d.message);
  else if (Array.isArray(d.columns)) parts.push(`— differs in ${(d.columns as string[]).join(', ')}`);
  if (typeof d.trace_id === 'string') parts.push(`trace ${d.trace_id} at ${String(d.created_at)}`);
  return parts.join(' ');
}

/** Where the subject is, in a line: "file audit.jsonl, 1,234 bytes, sha256 …" or "database x on host:5432 at …". */
export function subjectLine(report: Report): string {
  const s = report.subject;
  if (s.type === 'file') return `file ${s.path}, ${n(s.size)} bytes, sha256 ${s.sha256}`;
  return `database ${s.database} on ${s.server} (PostgreSQL ${s.server_version ?? '?'}), snapshot at ${s.snapshot_at ?? '?'}, ${n(s.rows)} rows`;
}

export function reportText(report: Report, extra: readonly string[] = []): string {
  const shown = report.findings.slice(0, SHOWN);
  const more = report.findings.length - shown.length + report.findings_not_listed;
  return [
    `${report.subject.type === 'file' ? `${report.subject.path}: ` : ''}${countsLine(report)}`,
    ...extra,
    `${report.outcome === 'clean' ? 'clean: nothing found' : `findings: ${n(report.findings.length + report.findings_not_listed)}`}`,
    ...shown.map((f) => `  ${findingLine(f)}`),
    more > 0 ? `  … ${n(more)} more (use --json for the list)` : null,
    subjectLine(report),
    `Not covered: ${report.not_covered}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
}
