import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowSealProof } from '../../../src-main/domains/seals/row-proof';
import { seal, sealWorld, sql, type SealWorld } from './support';

/**
 * The audit drawer's seal status (domains/seals/row-proof.ts): a sealed row names its seal and
 * leaf, gives its recorded leaf and has an inclusion proof leading to the seal's root; a row
 * changed since is caught; a row in no seal says so.
 */
let world: SealWorld;
const proofOf = async (id: string) => {
  const client = new pg.Client({ connectionString: world.db.url });
  await client.connect();
  try {
    return await rowSealProof(client, id);
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  world = await sealWorld('seal_row_proof', 300);
  const sealed = await seal(world, '--margin', '0s');
  expect(sealed.code, sealed.stdout + sealed.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await world?.drop();
});

describe("one row's seal, checked when the drawer opens", () => {
  it('a sealed row: its seal and leaf, the leaf it gives, an inclusion proof to the root', async () => {
    const rows = await sql<{ id: string }>(world.db.url, 'SELECT id FROM audit_logs ORDER BY created_at, id');
    for (const [i, row] of [0, 1, 150, rows.length - 1].map((i) => [i, rows[i]!] as const)) {
      const proof = await proofOf(row.id);
      expect(proof, `row ${i}`).toMatchObject({ sealNumber: 1, leafIndex: i, leafMatchesRow: true, inclusionProofChecked: true });
      expect(proof!.treeSize).toBe(rows.length);
      expect(proof!.proofLength).toBeGreaterThan(0);
      expect(proof!.proofLength).toBeLessThanOrEqual(Math.ceil(Math.log2(rows.length)));
    }
  });

  it('a row changed since sealing no longer gives its leaf; its recorded leaf is still in the tree', async () => {
    const [row] = await sql<{ id: string }>(world.db.url, 'SELECT id FROM audit_logs ORDER BY created_at, id OFFSET 10 LIMIT 1');
    await sql(world.db.url, 'UPDATE audit_logs SET parameters = \'{"changed": true}\' WHERE id = $1', [row!.id]);
    expect(await proofOf(row!.id)).toMatchObject({ leafIndex: 10, leafMatchesRow: false, inclusionProofChecked: true });
  });

  it('an altered leaf record breaks the inclusion proof', async () => {
    const [row] = await sql<{ id: string }>(world.db.url, 'SELECT id FROM audit_logs ORDER BY created_at, id OFFSET 20 LIMIT 1');
    await sql(world.db.url, "UPDATE console_seal_leaves SET leaf_hash = decode(repeat('ab', 32), 'hex') WHERE row_id = $1", [row!.id]);
    expect(await proofOf(row!.id)).toMatchObject({ leafIndex: 20, leafMatchesRow: false, inclusionProofChecked: false });
  });

  it('a row in no seal: null', async () => {
    const [row] = await sql<{ id: string }>(
      world.db.url,
      `INSERT INTO audit_logs (trace_id, actor_name, drag_mode, workflow_name, outcome, integrity_hash)
       VALUES (gen_random_uuid(), 'late', 'draft', 'w', 'success', repeat('0', 64)) RETURNING id`,
    );
    expect(await proofOf(row!.id)).toBeNull();
  });
});
