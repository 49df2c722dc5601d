import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { govcon, seal, sealWorld, sql, type SealWorld } from '../seals/support';

/**
 * export-evidence --filter: the bundle holds exactly the sealed rows the Audit Log page lists for
 * the filter (govcon audit list, the page's own query), in leaf order; the filter's rows that are
 * in no seal are counted and left out.
 */
let world: SealWorld;
let copies: string[];
beforeAll(async () => {
  world = await sealWorld('evidence_filter', 300);
  const sealed = await seal(world);
  expect(sealed.code, sealed.stdout + sealed.stderr).toBe(0);
  // After the seal: copies (new ids, created now) of some failed execute rows — matched by the filter, in no seal.
  const rows = await sql<{ id: string }>(
    world.db.url,
    `INSERT INTO audit_logs (id, trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters,
        outcome, error, duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria,
        integrity_hash, created_at)
     SELECT gen_random_uuid(), trace_id, user_id, actor_name, actor_email, actor_role, drag_mode, workflow_name, parameters,
        outcome, error, duration_seconds, input_sources, input_constraints, mission_objective, mission_success_criteria,
        integrity_hash, now() AT TIME ZONE 'UTC'
       FROM (SELECT * FROM audit_logs WHERE outcome = 'failure' AND drag_mode = 'execute' ORDER BY id LIMIT 3) s
     RETURNING id::text`,
  );
  copies = rows.map((r) => r.id);
  expect(copies.length).toBeGreaterThan(0);
}, 120_000);
afterAll(async () => {
  await world?.drop();
});

/** The members of a tar file (ustar: a 512-byte header, the data padded to 512). */
function tarMembers(bytes: Buffer): Map<string, Buffer> {
  const members = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= bytes.length;) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    members.set(name, bytes.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}

/** What the page lists for the filter: every row id of govcon audit list (oldest first). */
async function pageIds(filter: string): Promise<string[]> {
  const run = await govcon(['audit', 'list', '--url', world.db.url, '--filter', filter, '--order', 'oldest', '--limit', '1000', '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const page = JSON.parse(run.stdout) as { rows: { id: string }[]; has_more: boolean };
  expect(page.has_more).toBe(false);
  return page.rows.map((r) => r.id);
}

/** The leaf index of each sealed id (sealed: it has a leaf record of the audit_logs log). */
async function leafIndexes(ids: string[]): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; leaf_index: number }>(
    world.db.url,
    `SELECT l.row_id::text AS id, l.leaf_index::int AS leaf_index FROM console_seal_leaves l JOIN console_seal_logs g USING (log_id)
      WHERE g.table_name = 'audit_logs' AND l.row_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.leaf_index]));
}

async function exportFilter(filter: string, name: string, json = true) {
  const out = path.join(world.dir, name);
  const run = await govcon(['export-evidence', '--url', world.db.url, '--out', out, '--filter', filter, ...(json ? ['--json'] : [])]);
  return { out, run };
}

async function verifyOffline(file: string) {
  const run = await govcon(['verify-bundle', file, '--trusted-key', world.vkey, '--json']);
  return { run, report: JSON.parse(run.stdout) as { outcome: string; total: number; ok: number; findings: unknown[] } };
}

/** The bundle's rows as (leaf index, id), in file order, and its manifest. */
async function bundleRows(file: string) {
  const members = tarMembers(await fs.readFile(file));
  const lines = members.get('rows.jsonl')!.toString('utf8').split('\n').filter(Boolean);
  const rows = lines.map((l) => JSON.parse(l) as { leaf_index: number; row: { id: string } });
  const manifest = JSON.parse(members.get('manifest.json')!.toString('utf8')) as { selection: string; rows: number };
  return { rows: rows.map((r) => ({ leaf: r.leaf_index, id: r.row.id })), manifest };
}

describe('govcon export-evidence --filter', () => {
  it('bundles exactly the sealed rows the page shows for the filter, leaves the unsealed ones out, and verifies offline', async () => {
    const [{ since }] = await sql<{ since: string }>(
      world.db.url,
      `SELECT to_char(min(created_at) + (max(created_at) - min(created_at)) / 4, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since FROM audit_logs`,
    );
    // In canonical order (since, mode, outcome), as the manifest's label writes it.
    const filter = `since:${since} mode:execute,grunt outcome:failure,rejected`;
    const shown = await pageIds(filter);
    const leaves = await leafIndexes(shown);
    const sealed = shown.filter((id) => leaves.has(id));
    // The copies are shown by the page but in no seal; something sealed is left out by the filter.
    for (const id of copies) expect(shown).toContain(id);
    expect(sealed.length).toBeGreaterThan(5);
    const [{ n }] = await sql<{ n: number }>(world.db.url, 'SELECT count(*)::int AS n FROM console_seal_leaves');
    expect(sealed.length).toBeLessThan(n / 2);

    const { out, run } = await exportFilter(filter, 'filter.tar');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: number; unsealed: number; runs: number };
    expect(result).toMatchObject({ rows: sealed.length, unsealed: shown.length - sealed.length });
    expect(result.unsealed).toBe(copies.length);

    const verified = await verifyOffline(out);
    expect(verified.run.code, verified.run.stdout).toBe(0);
    expect(verified.report).toMatchObject({ outcome: 'clean', total: sealed.length, ok: sealed.length, findings: [] });

    const { rows, manifest } = await bundleRows(out);
    const expected = sealed.map((id) => ({ leaf: leaves.get(id)!, id })).sort((a, b) => a.leaf - b.leaf);
    expect(rows).toEqual(expected);
    expect(manifest.selection).toBe(`--filter ${JSON.stringify(filter)}`);

    const text = await govcon(['export-evidence', '--url', world.db.url, '--out', `${out}.2`, '--filter', filter]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${copies.length} matching rows are in no seal yet and were left out`);
  });

  it('takes free text, actor and relative times as the page does; the label fixes the times it meant', async () => {
    const [{ actor }] = await sql<{ actor: string }>(
      world.db.url,
      'SELECT substr(actor_name, 1, 3) AS actor FROM audit_logs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
    );
    const filter = `since:3650d actor:${actor.toLowerCase()}`;
    const shown = await pageIds(filter);
    const leaves = await leafIndexes(shown);
    const sealed = shown.filter((id) => leaves.has(id));
    expect(sealed.length).toBeGreaterThan(0);
    const { out, run } = await exportFilter(filter, 'relative.tar');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: sealed.length, unsealed: shown.length - sealed.length });
    expect((await verifyOffline(out)).report.outcome).toBe('clean');
    const { rows, manifest } = await bundleRows(out);
    expect(rows.map((r) => r.id).sort()).toEqual([...sealed].sort());
    expect(manifest.selection).toMatch(
      new RegExp(`^--filter "since:\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z actor:${actor.toLowerCase()}" \\(given as "since:3650d actor:`),
    );

    // The empty filter is every sealed row.
    const all = await exportFilter('', 'all.tar');
    expect(all.run.code, all.run.stdout + all.run.stderr).toBe(0);
    const [{ n }] = await sql<{ n: number }>(world.db.url, 'SELECT count(*)::int AS n FROM console_seal_leaves');
    expect(JSON.parse(all.run.stdout)).toMatchObject({ rows: n, runs: 1, unsealed: copies.length });
  });

  it('refuses a filter that does not parse, and a filter with no sealed rows, writing nothing', async () => {
    const bad = await exportFilter('colour:red', 'bad.tar', false);
    expect(bad.run.code).toBe(2);
    expect(bad.run.stderr).toMatch(/The filter is not valid: Unknown filter key "colour"/);
    await expect(fs.access(bad.out)).rejects.toThrow();
    const two = await govcon(['export-evidence', '--url', world.db.url, '--out', bad.out, '--filter', 'outcome:failure', '--seals', '1-1']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/exactly one of/);
    // Only the unsealed copies match: nothing can be proven.
    const [{ t }] = await sql<{ t: string }>(world.db.url, 'SELECT trace_id::text AS t FROM audit_logs WHERE id = $1', [copies[0]]);
    const none = await exportFilter(`trace:${t} since:10m`, 'none.tar', false);
    expect(none.run.code).toBe(2);
    expect(none.run.stderr).toMatch(/No sealed rows match the selection \(1 rows match but are in no seal\)/);
    await expect(fs.access(none.out)).rejects.toThrow();
  });
});
