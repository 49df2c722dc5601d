/**
 * A govcon/v2 report as files to hand over: the JSON exactly as `govcon … --json` prints it,
 * and a self-contained HTML page (no scripts, no external resources, a Content-Security-Policy
 * that forbids both) that states the same facts, reads on screen and prints on paper — fit
 * to attach to a finding.
 */
import type { Report } from '../../../shared/model/report';
import { countsLine, findingDetail, findingLine } from './text';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const TITLES: Record<Report['format'], string> = {
  'jsonl-v1': 'Audit log file verification (jsonl-v1)',
  'db-v1': 'Audit trail verification (db-v1)',
  'jsonl-v1-import': 'Audit log import (jsonl-v1 into audit_logs)',
  'custody-v1': 'Chain of custody re-verification',
  'seal-v1': 'Sealed log verification (seal-v1)',
  'privileges-v1': 'Privileges that could rewrite history (privileges-v1)',
  'evidence-v1': 'Evidence bundle verified offline (govcon-evidence/v1)',
  'backup-v1': 'Backup (govcon-backup/1)',
};

/** The fields every report has, shown in their own places; the others are the format's own counts and ids. */
const BASE_FIELDS = new Set([
  'report',
  'format',
  'outcome',
  'subject',
  'total',
  'ok',
  'findings',
  'findings_not_listed',
  'method',
  'not_covered',
  'console_version',
  'operator',
  'at',
  'entries',
]);

export function reportJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function rows(pairs: readonly [string, unknown][]): string {
  return pairs.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${v === null ? '—' : esc(v)}</td></tr>`).join('\n');
}

function subjectRows(report: Report): [string, unknown][] {
  const s = report.subject;
  if (s.type === 'file') {
    return [
      ['file', s.path],
      ['name', s.name],
      ['size', `${s.size.toLocaleString('en-US')} bytes`],
      ['SHA-256', s.sha256],
    ];
  }
  return [
    ['server', s.server],
    ['PostgreSQL', s.server_version],
    ['database', s.database],
    ['snapshot at (UTC)', s.snapshot_at],
    ['rows in the snapshot', s.rows],
  ];
}

function countRows(report: Report): [string, unknown][] {
  const out: [string, unknown][] = [
    ['total', report.total],
    ['ok', report.ok],
  ];
  for (const [key, value] of Object.entries(report)) {
    if (BASE_FIELDS.has(key) || (value !== null && typeof value === 'object')) continue;
    out.push([key.replace(/_/g, ' '), value]);
  }
  if (report.format === 'evidence-v1') {
    for (const c of report.checkpoints) {
      const by = c.signers.map((s) => `${s.name}+${s.key_id}${s.trusted ? ' (trusted)' : ' (not trusted)'}`).join(', ');
      out.push([c.member, `tree size ${c.size}, root ${c.root}, ${c.trusted ? 'trusted' : 'NOT trusted'}; signed by ${by}`]);
    }
    report.keys_in_bundle.forEach((k, i) => out.push([`key in the bundle ${i + 1} (shown, not trusted)`, k]));
    if (report.labels) for (const [k, v] of Object.entries(report.labels)) out.push([`label: ${k.replace(/_/g, ' ')} (not proven)`, v]);
  }
  return out;
}

function findingsTable(report: Report): string {
  if (report.findings.length === 0) return '<p>Nothing was found.</p>';
  const body = report.findings
    .map(
      (f) =>
        `<tr><td>${esc(f.kind)}</td><td>${esc(f.reason ?? '')}</td><td>${esc(f.position ?? '')}</td><td>${esc(f.line ?? '')}</td>` +
        `<td><code>${esc(f.id ?? '')}</code></td><td>${esc(findingDetail(f))}</td>` +
        `<td><code>${f.detail === null ? '' : esc(JSON.stringify(f.detail))}</code></td></tr>`,
    )
    .join('\n');
  const more = report.findings_not_listed
    ? `<p>${report.findings_not_listed.toLocaleString('en-US')} more findings are counted but not listed.</p>`
    : '';
  return (
    '<table class="findings"><thead><tr><th>kind</th><th>reason</th><th>position</th><th>line</th><th>id</th><th>what</th>' +
    `<th>detail</th></tr></thead><tbody>\n${body}\n</tbody></table>${more}`
  );
}

export function reportHtml(report: Report): string {
  const title = TITLES[report.format];
  const found = report.findings.length + report.findings_not_listed;
  const verdict = report.outcome === 'clean' ? 'CLEAN — nothing found' : `FINDINGS — ${found.toLocaleString('en-US')} found`;
  const first = report.findings[0];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#111;max-width:75em}
h1{font-size:20px}h2{font-size:16px;margin-top:1.5em}.clean{color:#05603a}.findings-outcome{color:#b42318}
table{border-collapse:collapse;width:100%;font-size:12px;margin:.5em 0}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th[scope=row]{width:14em;background:#f6f6f6}td code{word-break:break-all}.note{color:#333}
@media print{body{margin:1em}}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="${report.outcome === 'clean' ? 'clean' : 'findings-outcome'}" data-outcome="${report.outcome}"><strong>${esc(verdict)}</strong> — ${esc(countsLine(report))}.${
    first ? ` First: ${esc(findingLine(first))}.` : ''
  }</p>
<h2>What was judged</h2>
<table class="facts"><tbody>
${rows(subjectRows(report))}
</tbody></table>
<h2>How, by whom, when</h2>
<table class="facts"><tbody>
${rows([
  ['method', report.method],
  ['format', report.format],
  ['judged at (UTC)', report.at],
  ['operator', report.operator],
  ['console version', report.console_version],
  ['report version', report.report],
])}
</tbody></table>
<h2>Counts and records</h2>
<table class="facts"><tbody>
${rows(countRows(report))}
</tbody></table>
<h2>Findings</h2>
${findingsTable(report)}
<h2>What this does not cover</h2>
<p class="note">${esc(report.not_covered)}</p>
</body></html>
`;
}
