import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReportSchema } from '../../../src-main/shared/model/report';
import {
  backup,
  fixDbV1Hashes,
  govcon,
  leafAt,
  makeKey,
  restore,
  seal,
  sealFindings,
  sealWorld,
  sql,
  verifySeals,
  type SealWorld,
} from './support';

/**
 * `verify-db --seals --since-checkpoint FILE` (docs/seal-format.md §9): from a checkpoint kept
 * outside the database and its state, only the leaves after it are read again.
 */
let world: SealWorld;
let cpFile: string;
/** The kept checkpoint's size: the leaves after it are the seven rows added later. */
let K: number;
const NEW_ROWS = 7;

const since = (file = cpFile) => verifySeals(world, '--trusted-key', world.vkey, '--since-checkpoint', file);

const addRows = (prefix: string, count: number) =>
  sql(
    world.db.url,
    `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
     SELECT gen_random_uuid(), 'After Checkpoint', 'execute', '${prefix}-' || g, 'success', repeat('0', 64) FROM generate_series(1, ${count}) g`,
  );

beforeAll(async () => {
  world = await sealWorld('seal_since', 40);
  let run = await seal(world, '--margin', '0s');
  expect(run.code, run.stdout + run.stderr).toBe(0);
  cpFile = path.join(world.dir, 'kept', 'audit.checkpoint');
  run = await govcon(['checkpoint', '--url', world.db.url, '--out', cpFile, '--json']);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  K = (JSON.parse(run.stdout) as { size: number }).size;
  await addRows('since', NEW_ROWS);
  await fixDbV1Hashes(world.db.url);
  run = await seal(world, '--margin', '0s');
  expect(run.code, run.stdout + run.stderr).toBe(0);
  await backup(world.db.url);
});
afterAll(async () => {
  await world?.drop();
});

describe('verify-db --seals --since-checkpoint', () => {
  it('is clean after new rows were sealed, and says it re-read only the leaves after the checkpoint', async () => {
    const { run, report } = await since();
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.format).toBe('seal-v1');
    expect(() => sealReportSchema.parse(report)).not.toThrow(); // the same govcon/v2 shape as the full pass
    expect(report.outcome).toBe('clean');
    // Only the rows of the seven leaves after the checkpoint were judged as sealed rows …
    expect(report.sealed_rows).toBe(NEW_ROWS);
    expect(report.seals).toBe(2); // the seal at the checkpoint's size and the later one
    expect(report.method).toContain(`the ${NEW_ROWS} leaf record(s) after it (leaves ${K + 1} to ${K + NEW_ROWS})`);
    // … and the report says what it did not read again.
    expect(report.not_covered).toContain(`NOT re-read: the ${K} leaf record(s) up to the checkpoint's size (leaves 1 to ${K})`);
    // The full pass reads every leaf.
    const full = await verifySeals(world, '--trusted-key', world.vkey);
    expect(full.run.code).toBe(0);
    expect(full.report.sealed_rows).toBeGreaterThanOrEqual(K + NEW_ROWS);
  });

  it('reports a row after the checkpoint modified, deleted or slipped in, at its leaf and id', async () => {
    const changed = await leafAt(world.db.url, K + 2);
    const gone = await leafAt(world.db.url, K + 4);
    await sql(world.db.url, "UPDATE audit_logs SET error = coalesce(error, '') || 'x' WHERE id = $1", [changed.id]);
    await sql(world.db.url, 'DELETE FROM audit_logs WHERE id = $1', [gone.id]);
    // A row slipped in below the newest horizon, after the checkpoint's.
    const [slipped] = await sql<{ id: string }>(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       SELECT gen_random_uuid(), 'Slipped In', 'execute', 'slipped', 'success', repeat('0', 64), created_at + interval '1 microsecond'
         FROM audit_logs WHERE id = $1 RETURNING id::text`,
      [changed.id],
    );
    await fixDbV1Hashes(world.db.url);
    const { run, report } = await since();
    expect(run.code).toBe(1);
    expect(sealFindings(report).map((f) => [f.kind, f.position, f.id])).toEqual([
      ['modified', changed.position, changed.id],
      ['deleted', gone.position, gone.id],
      ['inserted', null, slipped!.id],
    ]);
    await restore(world.db.url);
    expect((await since()).run.code).toBe(0);
  });

  it('does not see a row changed before the checkpoint (as it says); the full pass does', async () => {
    const before = await leafAt(world.db.url, 3);
    await sql(world.db.url, "UPDATE audit_logs SET mission_objective = coalesce(mission_objective, '') || 'x' WHERE id = $1", [before.id]);
    const { run } = await since();
    expect(run.code).toBe(0);
    const full = await verifySeals(world, '--trusted-key', world.vkey);
    expect(sealFindings(full.report).map((f) => [f.kind, f.position, f.id])).toEqual([['modified', before.position, before.id]]);
    await restore(world.db.url);
  });

  it('tells a leaf record after the checkpoint altered (its row intact) from a changed row', async () => {
    const leaf = await leafAt(world.db.url, K + 1);
    await sql(
      world.db.url,
      `UPDATE console_seal_leaves l SET leaf_hash = sha256(l.leaf_hash) FROM console_seal_logs g
        WHERE g.log_id = l.log_id AND g.table_name = 'audit_logs' AND l.leaf_index = $1`,
      [K + 1],
    );
    const { run, report } = await since();
    expect(run.code).toBe(1);
    expect(sealFindings(report).map((f) => [f.kind, f.reason, f.position, f.id])).toEqual([
      ['seal-altered', 'leaf-record', leaf.position, leaf.id],
    ]);
    await restore(world.db.url);
  });

  it('verifies console_events from a checkpoint of its own', async () => {
    const events = path.join(world.dir, 'kept', 'events.checkpoint');
    const cp = await govcon(['checkpoint', '--url', world.db.url, '--log', 'console_events', '--out', events, '--json']);
    expect(cp.code, cp.stdout + cp.stderr).toBe(0);
    expect((await seal(world, '--margin', '0s')).code).toBe(0);
    const { run, report } = await since(events);
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.method).toContain('of console_events from the kept checkpoint');
    expect(report.not_covered).toContain('audit_logs (another log');
    await restore(world.db.url);
  });

  it('refuses a tampered FILE.state with exit 2: the state is its own input, nothing can be judged from it', async () => {
    const copy = path.join(world.dir, 'tampered', 'audit.checkpoint');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(cpFile, copy);
    const state = JSON.parse(fs.readFileSync(`${cpFile}.state`, 'utf8')) as { hashes: string[] };
    const first = state.hashes[0]!;
    state.hashes[0] = `${first[0] === '0' ? '1' : '0'}${first.slice(1)}`;
    fs.writeFileSync(`${copy}.state`, `${JSON.stringify(state)}\n`);
    const run = await govcon(['verify-db', '--url', world.db.url, '--seals', '--trusted-key', world.vkey, '--since-checkpoint', copy]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${copy}.state does not give the signed root`);
    // A state file gone is refused the same way.
    fs.rmSync(`${copy}.state`);
    const gone = await govcon(['verify-db', '--url', world.db.url, '--seals', '--trusted-key', world.vkey, '--since-checkpoint', copy]);
    expect(gone.code).toBe(2);
  });

  it('reports the checkpoint and the later seals as untrusted-signer when their key is not trusted', async () => {
    const stranger = await makeKey(world.dir, 'stranger');
    const { run, report } = await verifySeals(world, '--trusted-key', stranger.vkey, '--since-checkpoint', cpFile);
    expect(run.code).toBe(1);
    expect(sealFindings(report).map((f) => [f.kind, f.reason, f.seal])).toEqual([
      ['untrusted-signer', 'checkpoint', null],
      ['untrusted-signer', null, 1],
      ['untrusted-signer', null, 2],
    ]);
  });

  it('reports truncated when the log is shorter than the checkpoint', async () => {
    const cp2 = path.join(world.dir, 'kept', 'audit-2.checkpoint');
    const run = await govcon(['checkpoint', '--url', world.db.url, '--out', cp2, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    await sql(
      world.db.url,
      `DELETE FROM console_seals s USING console_seal_logs g WHERE g.log_id = s.log_id AND g.table_name = 'audit_logs' AND s.seal_number = 2;
       DELETE FROM console_seal_leaves l USING console_seal_logs g WHERE g.log_id = l.log_id AND g.table_name = 'audit_logs' AND l.leaf_index >= ${K};
       DELETE FROM audit_logs WHERE workflow_name LIKE 'since-%';`,
    );
    const { run: v, report } = await since(cp2);
    expect(v.code).toBe(1);
    expect(sealFindings(report).map((f) => [f.kind, f.reason])).toEqual([['truncated', 'checkpoint']]);
    await restore(world.db.url);
    expect((await since(cp2)).run.code).toBe(0);
  });

  it('reports a checkpoint the log no longer extends (history rewritten and sealed again) as inconsistent', async () => {
    const before = await leafAt(world.db.url, 5);
    await sql(world.db.url, `UPDATE audit_logs SET workflow_name = workflow_name || '-rewritten' WHERE id = $1`, [before.id]);
    await sql(
      world.db.url,
      `DELETE FROM console_seals s USING console_seal_logs g WHERE g.log_id = s.log_id AND g.table_name = 'audit_logs';
       DELETE FROM console_seal_leaves l USING console_seal_logs g WHERE g.log_id = l.log_id AND g.table_name = 'audit_logs';`,
    );
    await fixDbV1Hashes(world.db.url);
    const resealed = await seal(world, '--margin', '0s');
    expect(resealed.code, resealed.stdout + resealed.stderr).toBe(0);
    // The rewritten log verifies clean on its own …
    const full = await verifySeals(world, '--trusted-key', world.vkey);
    expect(sealFindings(full.report).filter((f) => f.detail?.log === 'audit_logs')).toEqual([]);
    // … but not from the kept checkpoint.
    const { run, report } = await since();
    expect(run.code).toBe(1);
    expect(sealFindings(report).map((f) => [f.kind, f.reason])).toEqual([['inconsistent', 'checkpoint']]);
    await restore(world.db.url);
    expect((await since()).run.code).toBe(0);
  });
});
