import type { VerifyDbResult } from './verify-db';
import type { VerifyFileResult } from './verify-file';

/**
 * Verification results as files a compliance officer can hand over: the JSON as the CLI
 * prints it, and a self-contained HTML page (no scripts, no external resources) that reads
 * well on screen and on paper.
 */
export type VerifyResult = VerifyDbResult | VerifyFileResult;

export interface ReportMeta {
  /** What was verified: "host:port/database" or a file path. */
  subject: string;
  verifiedAt: string;
  operator?: string;
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function reportJson(result: VerifyResult, meta: ReportMeta): string {
  return `${JSON.stringify({ ...meta, ...result }, null, 2)}\n`;
}

function page(title: string, verdict: 'pass' | 'fail', summary: string, table: string, note: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:20px}.pass{color:#05603a}.fail{color:#b42318}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
td code{word-break:break-all}.note{color:#555;margin-top:1.5em}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="${verdict}"><strong>${verdict === 'pass' ? 'PASS' : 'FAIL'}</strong> — ${summary}</p>
${table}
<p class="note">${note}</p>
</body></html>
`;
}

export function reportHtml(result: VerifyResult, meta: ReportMeta): string {
  const head = `Verified ${esc(meta.subject)} at ${esc(meta.verifiedAt)}${meta.operator ? ` by ${esc(meta.operator)}` : ''}.`;
  if (result.format === 'db-v1') {
    const bad = result.tampered + result.unverifiable;
    const rows = result.failures
      .map(
        (f) =>
          `<tr><td>${esc(f.verdict)}</td><td>${esc(f.reason)}</td><td><code>${esc(f.id)}</code></td><td><code>${esc(f.trace_id)}</code></td><td>${esc(f.created_at)}</td><td><code>${esc(f.stored)}</code></td><td><code>${esc(f.computed)}</code></td></tr>`,
      )
      .join('\n');
    const table = bad
      ? `<table><thead><tr><th>verdict</th><th>reason</th><th>id</th><th>trace_id</th><th>created_at</th><th>stored hash</th><th>recomputed hash</th></tr></thead><tbody>\n${rows}\n</tbody></table>${result.failures_not_listed ? `<p>${result.failures_not_listed} more failures are counted but not listed.</p>` : ''}`
      : '';
    const summary = `${result.total} rows: ${result.ok} ok, ${result.tampered} tampered, ${result.unverifiable} unverifiable. ${head}`;
    return page('Audit trail verification (db-v1)', bad ? 'fail' : 'pass', summary, table, esc(result.not_covered));
  }
  const failing = result.entries.filter((e) => e.verdict !== 'ok');
  const rows = failing.map((e) => `<tr><td>${e.line}</td><td>${esc(e.verdict)}</td><td>${esc(e.reason)}</td></tr>`).join('\n');
  const table = failing.length
    ? `<table><thead><tr><th>line</th><th>verdict</th><th>reason</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
    : '';
  const summary = `${result.total} lines: ${result.ok} ok, ${result.tampered} tampered, ${result.malformed} malformed. ${head}`;
  return page(
    'Audit log file verification (jsonl-v1)',
    failing.length ? 'fail' : 'pass',
    summary,
    table,
    'Each line was re-hashed exactly as the service wrote it; a tampered line no longer matches its own integrity_hash.',
  );
}
