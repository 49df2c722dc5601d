import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from '../../../src-main/integrity/note/checkpoint';
import { parseSignedNote, signNote, verifySignedNote } from '../../../src-main/integrity/note/signed-note';
import { openKeyFile } from '../../../src-main/domains/seals/key-file';
import {
  backup,
  ENV,
  fixDbV1Hashes,
  govcon,
  makeKey,
  PASS,
  restore,
  seal,
  sealFindings,
  sealWorld,
  sql,
  verifySeals,
  type SealFinding,
  type SealWorld,
} from './support';

/** Rotation (two sealing keys), cosigning, and checkpoints kept outside the database. */
let world: SealWorld;
let second: { key: string; vkey: string };
let auditor: { key: string; vkey: string };
let cpFile: string;
const audit = (findings: SealFinding[]) => findings.filter((f) => f.detail?.log === 'audit_logs');

beforeAll(async () => {
  world = await sealWorld('seal_keys', 30);
  second = await makeKey(world.dir, 'officer-two');
  auditor = await makeKey(world.dir, 'auditor');
  expect((await seal(world, '--margin', '0s')).code).toBe(0);
  // New rows after the first horizon, sealed by the second key.
  await sql(
    world.db.url,
    `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
     SELECT gen_random_uuid(), 'After Rotation', 'execute', 'rotated-' || g, 'success', repeat('0', 64) FROM generate_series(1, 7) g`,
  );
  await fixDbV1Hashes(world.db.url);
  const run = await govcon(['seal', '--url', world.db.url, '--key', second.key, '--margin', '0s', '--json'], { env: ENV });
  expect(run.code, run.stderr).toBe(0);
  cpFile = path.join(world.dir, 'kept', 'audit.checkpoint');
});
afterAll(async () => {
  await world?.drop();
});

describe('key rotation', () => {
  it('verifies seals by two keys with both trusted, and names the untrusted one with only the first', async () => {
    let { run, report } = await verifySeals(world, '--trusted-key', world.vkey, '--trusted-key', second.vkey);
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.signers.map((s) => [s.name, s.trusted]).sort()).toEqual([
      ['officer-one', true],
      ['officer-two', true],
    ]);
    ({ run, report } = await verifySeals(world, '--trusted-key', world.vkey));
    expect(run.code).toBe(1);
    expect(audit(sealFindings(report)).map((f) => [f.kind, f.seal])).toEqual([['untrusted-signer', 2]]);
  });

  it('takes trusted keys from a file of verifier key lines', async () => {
    const file = path.join(world.dir, 'trusted.txt');
    fs.writeFileSync(file, `${world.vkey}\n${second.vkey}\n`);
    const { run } = await verifySeals(world, '--trusted-key', file);
    expect(run.code).toBe(0);
  });
});

describe('checkpoints and cosigning', () => {
  it('writes the latest checkpoint and its state, which gives the signed root', async () => {
    const run = await govcon(['checkpoint', '--url', world.db.url, '--out', cpFile, '--json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const note = fs.readFileSync(cpFile, 'utf8');
    const cp = parseCheckpoint(parseSignedNote(note).text);
    const state = JSON.parse(fs.readFileSync(`${cpFile}.state`, 'utf8')) as { size: number; root: string; origin: string };
    expect(state).toMatchObject({
      format: 'govcon-checkpoint-state/v1',
      size: cp.size,
      origin: cp.origin,
      root: cp.rootHash.toString('base64'),
    });
    expect(verifySignedNote(note, [second.vkey]).ok).toBe(true);
    const { run: v } = await verifySeals(world, '--trusted-key', world.vkey, '--trusted-key', second.vkey, '--checkpoint', cpFile);
    expect(v.code).toBe(0);
  });

  it('cosigns a checkpoint, which then verifies with either key alone', async () => {
    const run = await govcon(['cosign', cpFile, '--key', auditor.key, '--url', world.db.url, '--json'], { env: ENV });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const note = fs.readFileSync(cpFile, 'utf8');
    expect(parseSignedNote(note).signatures.map((s) => s.name)).toEqual(['officer-two', 'auditor']);
    expect(verifySignedNote(note, [second.vkey]).ok).toBe(true);
    expect(verifySignedNote(note, [auditor.vkey]).ok).toBe(true);
    // The seal in the database carries the cosignature: seal 1 by the first key, seal 2 by the auditor's.
    const { run: v, report } = await verifySeals(world, '--trusted-key', world.vkey, '--trusted-key', auditor.vkey);
    expect(report.findings).toEqual([]);
    expect(v.code).toBe(0);
    // A second cosignature of a larger checkpoint is checked for consistency with the first.
    const again = await govcon(['cosign', cpFile, '--key', auditor.key, '--url', world.db.url, '--json'], { env: ENV });
    expect(again.code, again.stdout).toBe(0);
  });

  it('reports the newest seal deleted as seal-missing, with and without its leaf records, against the checkpoint', async () => {
    await backup(world.db.url);
    const trusted = ['--trusted-key', world.vkey, '--trusted-key', second.vkey];
    const dropSeal2 = `DELETE FROM console_seals s USING console_seal_logs g WHERE g.log_id = s.log_id AND g.table_name = 'audit_logs' AND s.seal_number = 2`;
    await sql(world.db.url, dropSeal2);
    let { report } = await verifySeals(world, ...trusted);
    expect(audit(sealFindings(report)).map((f) => [f.kind, f.reason, f.seal])).toEqual([
      ['seal-missing', 'leaf-records-beyond-last-seal', 2],
    ]);
    const [size1] = await sql<{ n: number }>(
      world.db.url,
      `SELECT tree_size::int AS n FROM console_seals s JOIN console_seal_logs g USING (log_id) WHERE g.table_name = 'audit_logs' AND seal_number = 1`,
    );
    await sql(
      world.db.url,
      `DELETE FROM console_seal_leaves l USING console_seal_logs g WHERE g.log_id = l.log_id AND g.table_name = 'audit_logs' AND l.leaf_index >= $1`,
      [size1!.n],
    );
    ({ report } = await verifySeals(world, ...trusted, '--checkpoint', cpFile));
    expect(audit(sealFindings(report)).map((f) => [f.kind, f.reason, f.seal])).toEqual([['seal-missing', 'checkpoint-seal-gone', 2]]);
    // The same from the checkpoints govcon seal kept beside the second key.
    ({ report } = await verifySeals(world, ...trusted, '--checkpoint-dir', path.join(world.dir, 'checkpoints')));
    expect(audit(sealFindings(report)).map((f) => [f.kind, f.reason, f.seal])).toEqual([['seal-missing', 'checkpoint-seal-gone', 2]]);
    // The seal chain cut with its rows: truncated against the checkpoint.
    await sql(world.db.url, "DELETE FROM audit_logs WHERE workflow_name LIKE 'rotated-%'");
    ({ report } = await verifySeals(world, ...trusted, '--checkpoint', cpFile));
    expect(audit(sealFindings(report)).map((f) => [f.kind, f.reason])).toEqual([['truncated', 'checkpoint']]);
    await restore(world.db.url);
    const { run } = await verifySeals(world, ...trusted, '--checkpoint', cpFile);
    expect(run.code).toBe(0);
  });

  it('reports a checkpoint the log does not extend as inconsistent', async () => {
    const key = openKeyFile(fs.readFileSync(second.key, 'utf8'), PASS, second.key);
    const cp = parseCheckpoint(parseSignedNote(fs.readFileSync(cpFile, 'utf8')).text);
    const forged = signNote(formatCheckpoint({ origin: cp.origin, size: cp.size - 2, rootHash: Buffer.alloc(32, 7) }), [key.signer]);
    const file = path.join(world.dir, 'forged.checkpoint');
    fs.writeFileSync(file, forged);
    const { run, report } = await verifySeals(world, '--trusted-key', world.vkey, '--trusted-key', second.vkey, '--checkpoint', file);
    expect(run.code).toBe(1);
    expect(audit(sealFindings(report)).map((f) => f.kind)).toEqual(['inconsistent']);
  });
});
