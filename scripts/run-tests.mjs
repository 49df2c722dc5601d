#!/usr/bin/env node
/**
 * `npm test`: every stage in order — typecheck, lint, unit, integration (real PostgreSQL),
 * browser (real Chromium) — each run even when an earlier one failed. Typecheck and lint
 * count as one check each. Prints line coverage of src-main, then one totals line
 * `N passed, N failed[, N skipped]` as the very last line, and exits non-zero on any failure.
 *
 * GOVCON_TEST_EMBEDDED_STAGE=1 (CI sets it) adds a stage that runs the integration project a
 * second time with GOVCON_TEST_PG=embedded: against an embedded PostgreSQL the test support
 * starts, as on a fresh machine with no server on 127.0.0.1:5432 (see test/support/admin-url.ts).
 * Its tests count in the totals; coverage is still that of the first integration run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import libCoverage from 'istanbul-lib-coverage';

const TMP = path.resolve('.tmp/test-run');
fs.rmSync(TMP, { recursive: true, force: true });
fs.mkdirSync(TMP, { recursive: true });
const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const results = [];
const notes = [];

function run(cmd, args, extraEnv = {}) {
  process.stdout.write(`\n$ ${[cmd, ...args].join(' ')}\n`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return res.status === 0;
}

function npx(bin) {
  return path.resolve('node_modules/.bin', bin);
}

function stage(name, fn) {
  const started = Date.now();
  process.stdout.write(`\n━━━ ${name} ━━━\n`);
  let counts;
  try {
    counts = fn();
  } catch (error) {
    process.stdout.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ...counts, seconds });
  process.stdout.write(`━━━ ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)\n`);
}

const check = (ok) => ({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });

/** One vitest project; `name` names its report (and coverage folder, unless coverage is off) when a project runs twice. */
function vitestStage(project, { name = project, coverage = true, env: extraEnv = {} } = {}) {
  const report = path.join(TMP, `${name}.json`);
  const coverageArgs = coverage ? ['--coverage.enabled', `--coverage.reportsDirectory=${path.join(TMP, `coverage-${name}`)}`] : [];
  const ok = run(
    npx('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...coverageArgs],
    extraEnv,
  );
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1); // a crash outside any test still fails
  return { passed: json.numPassedTests, failed, skipped: json.numPendingTests + json.numTodoTests };
}

function browserStage() {
  if (!run(npx('electron-vite'), ['build'])) return { passed: 0, failed: 1, skipped: 0 };
  const report = path.join(TMP, 'e2e.json');
  const ok = run(npx('playwright'), ['test'], { PW_REPORTER: report });
  if (!fs.existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats ?? {};
  collectSkipReasons(json.suites ?? []);
  return { passed: expected + flaky, failed: unexpected + (ok || unexpected > 0 ? 0 : 1), skipped };
}

function collectSkipReasons(suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const reasons = (t.annotations ?? []).filter((a) => a.type === 'skip').map((a) => a.description);
        notes.push(`skipped: ${spec.title}${reasons.length ? ` — ${reasons.join('; ')}` : ''}`);
      }
    }
    collectSkipReasons(suite.suites ?? []);
  }
}

function reportCoverage() {
  const map = libCoverage.createCoverageMap({});
  for (const project of ['unit', 'integration']) {
    const file = path.join(TMP, `coverage-${project}`, 'coverage-final.json');
    if (fs.existsSync(file)) map.merge(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  if (map.files().length === 0) return;
  const lines = map.getCoverageSummary().lines;
  notes.push(
    `line coverage of src-main (unit + integration): ${lines.pct}% (${lines.covered}/${lines.total} lines; the plan aims for 90%)`,
  );
}

stage('typecheck', () => {
  // Both processes are checked even when the first fails; together they count as one check.
  const node = run(npx('tsc'), ['-p', 'tsconfig.node.json']);
  const web = run(npx('tsc'), ['-p', 'tsconfig.web.json']);
  return check(node && web);
});
stage('lint', () => {
  // eslint, the formatter's check (`npm run format` fixes it) and the dependency rule of
  // docs/architecture.md (scripts/layers.ts): all three run, and count as one check.
  const eslint = run(npx('eslint'), ['--max-warnings', '0', '.']);
  const format = run(npx('prettier'), ['--check', '.']);
  const layers = run(process.execPath, ['--import', 'tsx', 'scripts/check-layers.ts']);
  return check(eslint && format && layers);
});
stage('unit', () => vitestStage('unit'));
stage('integration', () => vitestStage('integration'));
if (process.env.GOVCON_TEST_EMBEDDED_STAGE === '1') {
  // The fresh-machine path, proven even where a local server answers (it is left running).
  stage('integration (embedded PostgreSQL)', () =>
    vitestStage('integration', { name: 'integration-embedded', coverage: false, env: { GOVCON_TEST_PG: 'embedded' } }),
  );
}
stage('browser', browserStage);
reportCoverage();

const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
process.stdout.write('\n');
const width = Math.max(...results.map((r) => r.name.length)) + 1;
for (const r of results)
  process.stdout.write(`${r.name.padEnd(width)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds} s)\n`);
for (const n of notes) process.stdout.write(`${n}\n`);
process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(total.failed > 0 ? 1 : 0);
