import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAG_MODES, OUTCOMES } from '../../../src-main/shared/model/vocabulary';
import {
  AUDIT_COLUMNS_BUT_ID,
  backup,
  govcon,
  leafAt,
  restore,
  seal,
  sealFindings,
  sealWorld,
  sql,
  verifySeals,
  type SealWorld,
} from './support';

/**
 * Each tampering of docs/seal-format.md §9 done in SQL on a sealed demo database, reported with
 * its kind at the right leaf, id and seal; the database is put back and verifies clean after each.
 */
let world: SealWorld;
let trusted: string[];
const list = (a: readonly string[]) => a.map((v) => `'${v}'`).join(', ');
const CHANGE: Record<(typeof AUDIT_COLUMNS_BUT_ID)[number], string> = {
  trace_id: 'gen_random_uuid()',
  user_id: 'CASE WHEN user_id IS NULL THEN (SELECT id FROM users ORDER BY id LIMIT 1) ELSE NULL END',
  actor_name: "actor_name || ' (edited)'",
  actor_email: "coalesce(actor_email, '') || '.x'",
  actor_role: "CASE WHEN actor_role IS DISTINCT FROM 'admin' THEN 'admin' ELSE 'user' END",
  drag_mode: `(SELECT m FROM unnest(ARRAY[${list(DRAG_MODES)}]) m WHERE m <> drag_mode LIMIT 1)`,
  workflow_name: "workflow_name || '-x'",
  parameters: `coalesce(parameters, '{}'::jsonb) || '{"edited": true}'::jsonb`,
  outcome: `(SELECT o FROM unnest(ARRAY[${list(OUTCOMES)}]) o WHERE o <> outcome LIMIT 1)`,
  error: "coalesce(error, '') || 'x'",
  duration_seconds: 'coalesce(duration_seconds, 0) + 0.001',
  input_sources: `coalesce(input_sources, '[]'::jsonb) || '["x"]'::jsonb`,
  input_constraints: `coalesce(input_constraints, '[]'::jsonb) || '["x"]'::jsonb`,
  mission_objective: "coalesce(mission_objective, '') || 'x'",
  mission_success_criteria: `coalesce(mission_success_criteria, '[]'::jsonb) || '["x"]'::jsonb`,
  integrity_hash: "md5(integrity_hash) || md5('x')",
  created_at: "created_at + interval '1 microsecond'",
};

beforeAll(async () => {
  world = await sealWorld('seal_tamper', 80);
  const run = await seal(world, '--margin', '0s');
  expect(run.code, run.stdout + run.stderr).toBe(0);
  trusted = ['--trusted-key', world.vkey];
  await backup(world.db.url);
});
afterAll(async () => {
  await world?.drop();
});

async function expectClean(): Promise<void> {
  await restore(world.db.url);
  const { run, report } = await verifySeals(world, ...trusted);
  expect(report.findings).toEqual([]);
  expect(run.code).toBe(0);
}

describe('verify-db --seals on a sealed demo database', () => {
  it('verifies the untouched database clean', async () => {
    await expectClean();
  });

  for (const column of AUDIT_COLUMNS_BUT_ID) {
    it(`reports ${column} changed as modified at its leaf`, async () => {
      const leaf = await leafAt(world.db.url, 9);
      await sql(world.db.url, `UPDATE audit_logs SET ${column} = ${CHANGE[column]} WHERE id = $1`, [leaf.id]);
      const { run, report } = await verifySeals(world, ...trusted);
      expect(run.code).toBe(1);
      expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'modified', position: leaf.position, id: leaf.id, seal: 1 })]);
      await expectClean();
    });
  }

  it('reports an id changed as deleted at the old leaf and inserted for the new id', async () => {
    const [free] = await sql<{ index: number }>(
      world.db.url,
      `SELECT l.leaf_index::int AS index FROM console_seal_leaves l JOIN console_seal_logs g USING (log_id)
        WHERE g.table_name = 'audit_logs' AND NOT EXISTS (SELECT 1 FROM workflow_executions w WHERE w.audit_log_id = l.row_id)
        ORDER BY l.leaf_index OFFSET 5 LIMIT 1`,
    );
    const leaf = await leafAt(world.db.url, free!.index);
    const [changed] = await sql<{ id: string }>(
      world.db.url,
      'UPDATE audit_logs SET id = gen_random_uuid() WHERE id = $1 RETURNING id::text',
      [leaf.id],
    );
    const { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([
      expect.objectContaining({ kind: 'deleted', position: leaf.position, id: leaf.id, detail: expect.objectContaining({ count: 1 }) }),
      expect.objectContaining({ kind: 'inserted', position: null, id: changed!.id }),
    ]);
    await expectClean();
  });

  it('reports a deleted row, and a deleted run as one finding with its count', async () => {
    const one = await leafAt(world.db.url, 3);
    const first = await leafAt(world.db.url, 20);
    const lastOfRun = await leafAt(world.db.url, 24);
    await sql(world.db.url, 'DELETE FROM audit_logs WHERE id = $1', [one.id]);
    await sql(
      world.db.url,
      `DELETE FROM audit_logs WHERE id IN (SELECT l.row_id FROM console_seal_leaves l JOIN console_seal_logs g USING (log_id)
        WHERE g.table_name = 'audit_logs' AND l.leaf_index BETWEEN 20 AND 24)`,
    );
    const { run, report } = await verifySeals(world, ...trusted);
    expect(run.code).toBe(1);
    expect(sealFindings(report)).toEqual([
      expect.objectContaining({ kind: 'deleted', position: 4, id: one.id, detail: expect.objectContaining({ count: 1 }) }),
      expect.objectContaining({
        kind: 'deleted',
        position: 21,
        id: first.id,
        detail: expect.objectContaining({ count: 5, last_position: 25, last_id: lastOfRun.id }),
      }),
    ]);
    await expectClean();
  });

  it('reports a row slipped in below the horizon as inserted (no leaf)', async () => {
    const [row] = await sql<{ id: string }>(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       SELECT gen_random_uuid(), 'Mallory', 'execute', 'backfill', 'success', repeat('0', 64), min(created_at) + interval '1 second'
         FROM audit_logs RETURNING id::text`,
    );
    const { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'inserted', position: null, id: row!.id })]);
    await expectClean();
  });

  it("reports two rows' created_at swapped as modified for both", async () => {
    const a = await leafAt(world.db.url, 30);
    const b = await leafAt(world.db.url, 40);
    await sql(
      world.db.url,
      `UPDATE audit_logs x SET created_at = y.created_at FROM audit_logs y
        WHERE (x.id, y.id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
      [a.id, b.id],
    );
    const { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([
      expect.objectContaining({ kind: 'modified', position: 31, id: a.id }),
      expect.objectContaining({ kind: 'modified', position: 41, id: b.id }),
    ]);
    await expectClean();
  });

  it('reports the table emptied as truncated', async () => {
    await sql(world.db.url, 'DELETE FROM audit_logs');
    const { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report).map((f) => f.kind)).toEqual(['truncated']);
    await expectClean();
  });

  it('reports a leaf record altered as seal-altered at its leaf, and a seal root altered', async () => {
    const leaf = await leafAt(world.db.url, 12);
    await sql(world.db.url, `UPDATE console_seal_leaves SET leaf_hash = sha256(leaf_hash) WHERE row_id = $1`, [leaf.id]);
    let { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([
      expect.objectContaining({ kind: 'seal-altered', reason: 'leaf-record', position: 13, id: leaf.id, seal: 1 }),
    ]);
    await restore(world.db.url);
    await sql(
      world.db.url,
      `UPDATE console_seals s SET root_hash = sha256(root_hash) FROM console_seal_logs g WHERE g.log_id = s.log_id AND g.table_name = 'audit_logs'`,
    );
    ({ report } = await verifySeals(world, ...trusted));
    expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'seal-altered', reason: 'note-text', seal: 1 })]);
    await expectClean();
  });

  it('reports a signature that does not verify as bad-signature, and an unknown signer as untrusted-signer', async () => {
    // Flip one base64 digit inside the signature (not its key ID, not its padding).
    await sql(
      world.db.url,
      `UPDATE console_seals s SET note = overlay(note placing CASE WHEN substr(note, length(note) - 20, 1) = 'A' THEN 'B' ELSE 'A' END
                                         from length(note) - 20 for 1)
         FROM console_seal_logs g WHERE g.log_id = s.log_id AND g.table_name = 'audit_logs'`,
    );
    let { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'bad-signature', seal: 1 })]);
    await restore(world.db.url);
    const other = await govcon(['signing-key', 'create', '--out', `${world.dir}/stranger.key`, '--name', 'stranger', '--json'], {
      env: { GOVCON_KEY_PASSPHRASE: 'another passphrase here' },
    });
    const strangerKey = (JSON.parse(other.stdout) as { verifier_key: string }).verifier_key;
    ({ report } = await verifySeals(world, '--trusted-key', strangerKey));
    expect(sealFindings(report).map((f) => [f.kind, f.seal])).toEqual([
      ['untrusted-signer', 1],
      ['untrusted-signer', 1],
    ]);
    expect(report.signers).toEqual([{ name: 'officer-one', key_id: world.vkey.split('+')[1], trusted: false }]);
    await expectClean();
  });

  it('names a column added to audit_logs as schema-changed, and nothing else', async () => {
    await sql(world.db.url, 'ALTER TABLE audit_logs ADD COLUMN reviewer text');
    try {
      const { report } = await verifySeals(world, ...trusted);
      expect(sealFindings(report)).toEqual([
        expect.objectContaining({
          kind: 'schema-changed',
          reason: 'columns-added',
          detail: expect.objectContaining({ added: ['reviewer text'] }),
        }),
      ]);
    } finally {
      await sql(world.db.url, 'ALTER TABLE audit_logs DROP COLUMN reviewer');
    }
    await expectClean();
  });

  it('reports a row with no created_at as unsealable', async () => {
    const [row] = await sql<{ id: string }>(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash, created_at)
       VALUES (gen_random_uuid(), 'Nobody', 'draft', 'timeless', 'success', repeat('0', 64), NULL) RETURNING id::text`,
    );
    const { report } = await verifySeals(world, ...trusted);
    expect(sealFindings(report)).toEqual([expect.objectContaining({ kind: 'unsealable', position: null, id: row!.id })]);
    await expectClean();
  });
});
