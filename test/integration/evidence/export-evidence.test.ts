import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSchema } from '../../../src-main/shared/model/report';
import { govcon, makeKey, seal, sealWorld, sql, type SealWorld } from '../seals/support';

interface Finding {
  kind: string;
  position: number | null;
  id: string | null;
  detail: { member: string; offset: number } | null;
}

let world: SealWorld;
let incident: string[];
beforeAll(async () => {
  world = await sealWorld('evidence_export', 400);
  const sealed = await seal(world);
  expect(sealed.code, sealed.stdout + sealed.stderr).toBe(0);
  // An incident: 50 rows of one workflow, scattered through the log.
  const [{ w }] = await sql<{ w: string }>(
    world.db.url,
    'SELECT workflow_name AS w FROM audit_logs GROUP BY workflow_name HAVING count(*) >= 50 ORDER BY count(*) DESC, workflow_name LIMIT 1',
  );
  const rows = await sql<{ id: string }>(
    world.db.url,
    'SELECT id::text FROM audit_logs WHERE workflow_name = $1 ORDER BY created_at, id LIMIT 50',
    [w],
  );
  incident = rows.map((r) => r.id);
  await fs.writeFile(path.join(world.dir, 'incident.ids'), `# incident GOV-1\n${incident.join('\n')}\n`);
  // One id that is no row at all: counted, not exported.
  await fs.writeFile(path.join(world.dir, 'incident-plus.ids'), `${incident.join('\n')}\n00000000-0000-4000-8000-00000000dead\n`);
}, 120_000);
afterAll(async () => {
  await world?.drop();
});

const verify = async (file: string, ...keys: string[]) => {
  const run = await govcon(['verify-bundle', file, ...keys.flatMap((k) => ['--trusted-key', k]), '--json']);
  return { run, report: JSON.parse(run.stdout) as { outcome: string; total: number; ok: number; runs: number; findings: Finding[] } };
};

describe('govcon export-evidence', () => {
  it('exports 50 rows about one incident as a small file that verifies offline, and rejects it tampered', async () => {
    const out = path.join(world.dir, 'incident.tar');
    const run = await govcon([
      'export-evidence',
      '--url',
      world.db.url,
      '--out',
      out,
      '--ids',
      path.join(world.dir, 'incident.ids'),
      '--json',
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: number; bytes: number; runs: number; unsealed: number };
    expect(result).toMatchObject({ rows: 50, unsealed: 0, not_found: 0 });
    const plus = await govcon([
      'export-evidence',
      '--url',
      world.db.url,
      '--out',
      `${out}.plus`,
      '--ids',
      path.join(world.dir, 'incident-plus.ids'),
      '--json',
    ]);
    expect(JSON.parse(plus.stdout)).toMatchObject({ rows: 50, not_found: 1 });
    expect(result.bytes).toBeLessThan(200_000); // not the whole table

    const clean = await verify(out, world.vkey);
    expect(clean.run.code, clean.run.stdout + clean.run.stderr).toBe(0);
    expect(reportSchema.parse(clean.report)).toMatchObject({
      format: 'evidence-v1',
      outcome: 'clean',
      total: 50,
      ok: 50,
      runs: result.runs,
    });

    // One changed character in a row's JSON form: found, at that row, in that member.
    const bytes = await fs.readFile(out);
    const at = bytes.indexOf(Buffer.from(`"id":"${incident[7]}"`)) + 8;
    bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61;
    const tampered = path.join(world.dir, 'tampered.tar');
    await fs.writeFile(tampered, bytes);
    const bad = await verify(tampered, world.vkey);
    expect(bad.run.code).toBe(1);
    expect(bad.report.findings.map((f) => [f.kind, f.detail?.member, f.position])).toContainEqual(['modified', 'rows.jsonl', 8]);

    // Signed by a key the verifier does not trust.
    const other = await makeKey(world.dir, 'someone-else');
    const untrusted = await verify(out, other.vkey);
    expect(untrusted.run.code).toBe(1);
    expect(untrusted.report.findings.map((f) => f.kind)).toContain('untrusted-signer');
  });

  it('exports by time and by seal, and with the standalone verifier inside', async () => {
    execFileSync(process.execPath, [path.resolve(__dirname, '../../../scripts/build-verifier.mjs')]);
    const [{ from, to }] = await sql<{ from: string; to: string }>(
      world.db.url,
      `SELECT to_char(min(created_at), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS from, to_char(max(created_at) + interval '1 s', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS to FROM audit_logs`,
    );
    const byTime = path.join(world.dir, 'time.tar');
    const t = await govcon([
      'export-evidence',
      '--url',
      world.db.url,
      '--out',
      byTime,
      '--from',
      from,
      '--to',
      to,
      '--with-verifier',
      '--json',
    ]);
    expect(t.code, t.stdout + t.stderr).toBe(0);
    const [{ n }] = await sql<{ n: number }>(world.db.url, 'SELECT count(*)::int AS n FROM audit_logs');
    expect(JSON.parse(t.stdout)).toMatchObject({ rows: n, runs: 1 });
    const verified = await verify(byTime, world.vkey);
    expect(verified.report).toMatchObject({ outcome: 'clean', total: n, runs: 1 });
    expect((await fs.readFile(byTime)).includes(Buffer.from('govcon-verify.mjs\0'))).toBe(true);

    const bySeal = path.join(world.dir, 'seal.tar');
    const s = await govcon(['export-evidence', '--url', world.db.url, '--out', bySeal, '--seals', '1-1', '--json']);
    expect(s.code, s.stdout + s.stderr).toBe(0);
    expect((await verify(bySeal, world.vkey)).report).toMatchObject({ outcome: 'clean', total: n });

    // An evidence file already there (perhaps the one an auditor was given) is never replaced.
    const before = await fs.readFile(bySeal);
    const again = await govcon([
      'export-evidence',
      '--url',
      world.db.url,
      '--out',
      bySeal,
      '--from',
      '2000-01-01T00:00:00Z',
      '--to',
      '2100-01-01T00:00:00Z',
      '--json',
    ]);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringContaining('exists already') } });
    expect((await fs.readFile(bySeal)).equals(before)).toBe(true);
  });

  it('refuses to export a row changed since it was sealed, and a selection with no sealed rows', async () => {
    await sql(world.db.url, "UPDATE audit_logs SET error = 'rewritten' WHERE id = $1", [incident[3]]);
    const out = path.join(world.dir, 'refused.tar');
    const run = await govcon(['export-evidence', '--url', world.db.url, '--out', out, '--ids', path.join(world.dir, 'incident.ids')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not the sealed row/);
    await expect(fs.access(out)).rejects.toThrow();
    const none = await govcon([
      'export-evidence',
      '--url',
      world.db.url,
      '--out',
      out,
      '--from',
      '1990-01-01T00:00:00Z',
      '--to',
      '1990-01-02T00:00:00Z',
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No sealed rows/);
  });
});
