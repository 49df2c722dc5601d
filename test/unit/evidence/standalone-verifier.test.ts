import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../../src-main/shared/model/report';
import { bundleOf, OTHER, range, SEALER, syntheticLog, vkeyOf } from '../../support/evidence-bundle';

const ROOT = path.resolve(__dirname, '../../..');

/** out/verifier/govcon-verify.mjs, built as `npm run build` builds it, run from a folder with no node_modules. */
describe('the standalone verifier (govcon-verify.mjs)', () => {
  let dir: string;
  let script: string;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-verifier.mjs')], { cwd: ROOT });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-verify-'));
    script = path.join(dir, 'govcon-verify.mjs');
    fs.copyFileSync(path.join(ROOT, 'out/verifier/govcon-verify.mjs'), script);
    const log = syntheticLog(200, { sizes: [80, 200] });
    fs.writeFileSync(path.join(dir, 'clean.tar'), bundleOf(log, [...range(10, 60), 150]));
    const bad = bundleOf(log, [...range(10, 60), 150]);
    const jsonl = bad.indexOf(Buffer.from('{"leaf_index":30,'));
    bad[jsonl + 40] ^= 0x01;
    fs.writeFileSync(path.join(dir, 'bad.tar'), bad);
    fs.writeFileSync(path.join(dir, 'keys.txt'), `# the sealer\n${vkeyOf(SEALER)}\n`);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });

  it('is one file importing only node: modules, nothing beside it', () => {
    const text = fs.readFileSync(script, 'utf8');
    const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((s) => s.startsWith('node:'))).toBe(true);
    expect(fs.readdirSync(dir)).not.toContain('node_modules');
  });

  it('verifies a clean bundle (exit 0) with the same govcon/v2 report as govcon', () => {
    const r = run('clean.tar', '--trusted-key', vkeyOf(SEALER), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report).toMatchObject({ format: 'evidence-v1', outcome: 'clean', total: 51, ok: 51 });
    expect(run('clean.tar', '--trusted-key', 'keys.txt').stdout).toMatch(/^CLEAN: clean.tar/);
  });

  it('rejects a changed byte (exit 1), naming the member and the row', () => {
    const r = run('bad.tar', '--trusted-key', vkeyOf(SEALER), '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ kind: string; position: number; detail: { member: string } }> };
    expect(report.findings.map((f) => [f.kind, f.detail.member, f.position])).toContainEqual(['modified', 'rows.jsonl', 21]);
  });

  it('rejects an untrusted signer (exit 1) and a bad command line (exit 2)', () => {
    expect(run('clean.tar', '--trusted-key', vkeyOf(OTHER)).status).toBe(1);
    expect(run('clean.tar').status).toBe(2);
    expect(run('missing.tar', '--trusted-key', vkeyOf(SEALER)).status).toBe(2);
  });
});
