#!/usr/bin/env node
/**
 * Writes the figures table of docs/reliability.md from a test run's JSON output: every vitest
 * test that recorded a figure (test/support/figures.ts puts it in the test's `meta`, which
 * vitest's JSON report carries) becomes one row, with the test's file and status, and the table
 * says which commit and which run it comes from. Nothing in the table is typed by hand.
 *
 *   npm test                                   # writes .tmp/test-run/unit.json, integration.json
 *   node scripts/reliability-report.mjs        # or: node scripts/reliability-report.mjs a.json b.json
 *
 * Only the text between the two markers of docs/reliability.md is replaced; the rest of the
 * document (what each figure means, what is not covered) is prose kept by hand.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const DOC = path.resolve('docs/reliability.md');
const START = '<!-- figures:start (scripts/reliability-report.mjs writes this part) -->';
const END = '<!-- figures:end -->';

const given = process.argv.slice(2);
const reports = (given.length ? given : ['.tmp/test-run/unit.json', '.tmp/test-run/integration.json']).filter((f) => fs.existsSync(f));
if (reports.length === 0) {
  process.stderr.write('reliability-report: no vitest JSON report found (run npm test, or name the reports)\n');
  process.exit(2);
}

const rows = [];
let startTime = Infinity;
for (const file of reports) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  startTime = Math.min(startTime, json.startTime ?? Infinity);
  for (const suite of json.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      const figure = test.meta?.figure;
      if (!figure) continue;
      rows.push({ ...figure, status: test.status, file: path.relative(process.cwd(), suite.name), title: test.title });
    }
  }
}
rows.sort((a, b) => a.id.localeCompare(b.id));

const git = (...args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
const commit = git('rev-parse', '--short=12', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : '';
const when = Number.isFinite(startTime) ? new Date(startTime).toISOString().replace(/\.\d+Z$/, 'Z') : 'unknown';
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

const table = [
  `Figures of the test run of ${when} at commit \`${commit}\`${dirty}, from ${reports.map((r) => `\`${r}\``).join(', ')}.`,
  '',
  '| figure | what was tried | inputs tried | failures | test | status | notes |',
  '|---|---|---:|---:|---|---|---|',
  ...rows.map(
    (r) =>
      `| \`${cell(r.id)}\` | ${cell(r.what)} | ${r.inputs.toLocaleString('en-US')} | ${r.failures} | ${cell(r.file)} — ${cell(r.title)} | ${r.status} | ${cell(r.detail)} |`,
  ),
  '',
  `${rows.length} figures; failures in total: ${rows.reduce((n, r) => n + r.failures, 0)}; tests not passed: ${rows.filter((r) => r.status !== 'passed').length}.`,
].join('\n');

const doc = fs.readFileSync(DOC, 'utf8');
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a === -1 || b === -1 || b < a) {
  process.stderr.write(`reliability-report: ${DOC} lacks the markers ${START} … ${END}\n`);
  process.exit(2);
}
fs.writeFileSync(DOC, `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`);
process.stdout.write(`reliability-report: ${rows.length} figures written to ${path.relative(process.cwd(), DOC)}\n`);
