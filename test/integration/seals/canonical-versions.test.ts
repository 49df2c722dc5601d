import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LOGS_SEALED, CONSOLE_EVENTS_SEALED, leafFromCopyRow, type SealedTable } from '../../../src-main/integrity/canonical-row';
import { connectClient } from '../../../src-main/platform/db/pg-client';
import { pgClientConfig } from '../../../src-main/platform/db/connection-manager';
import { createSequelize } from '../../../src-main/platform/db/sequelize';
import { EmbeddedWorkspace } from '../../../src-main/platform/embedded/workspace';
import { MemorySecretStore } from '../../../src-main/platform/secrets/secret-store';
import { applySealSession, columnList } from '../../../src-main/domains/seals/log-sql';
import { initialise } from '../../../src-main/schema/migrator';
import { createInitialisedDatabase, TEST_OPERATOR, type TestDatabase } from '../../support/test-db';
import { canonicalRowVectors } from '../../unit/integrity/seals/fixtures';

/**
 * docs/seal-format.md §2.3: the canonical row does not depend on the server's major version.
 * The vector rows are inserted from their input text into PostgreSQL 15 (the test server) and
 * into the bundled PostgreSQL 18, migrated by the console, then read back through the sealer's
 * COPY under its session settings — with the server's own defaults set to the opposite of
 * what is needed (DateStyle SQL, DMY; another time zone) — and must give every leaf byte for
 * byte on both.
 */
const vectors = canonicalRowVectors();
const USER_IDS = [
  ...new Set(
    vectors
      .filter((v) => v.table === 'audit_logs')
      .map((v) => v.input[2])
      .filter((u): u is string => u !== null),
  ),
];

async function insertVectors(client: pg.Client): Promise<void> {
  // The vectors name the session role and client address of the row they describe; the identity
  // trigger would put this session's own in their place (it exists so that no client can forge
  // them). Replica mode skips triggers: the test is the server's administrator loading rows.
  await client.query("SET session_replication_role = 'replica'");
  for (const id of USER_IDS) await client.query("INSERT INTO users (id, email, name) VALUES ($1, 'vector@example.org', 'vector')", [id]);
  for (const v of vectors) {
    const table = v.table === 'audit_logs' ? AUDIT_LOGS_SEALED : CONSOLE_EVENTS_SEALED;
    const params = table.columns.map((_, i) => `$${i + 1}`).join(', ');
    // Names from the fixed table description (quoted by columnList); values bound.
    const insert = `INSERT INTO ${table.table} (${columnList(table)}) VALUES (${params})`;
    await client.query(insert, v.input);
  }
  await client.query("SET session_replication_role = 'origin'");
}

async function leavesOf(client: pg.Client, table: SealedTable): Promise<string[]> {
  await client.query("SET DateStyle = 'SQL, DMY'");
  await client.query("SET TimeZone = 'America/New_York'");
  await client.query('SET extra_float_digits = 0');
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await applySealSession(client);
  const ids = vectors.filter((v) => v.table === table.table).map((v) => v.input[0]);
  const stream = client.query(copyTo(`COPY (SELECT ${columnList(table)} FROM ${table.table} ORDER BY id) TO STDOUT`));
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  await client.query('COMMIT');
  const lines = Buffer.concat(chunks).toString('utf8').split('\n').slice(0, -1);
  // Only the vector rows (initialising records events too); hashed through the sealer's path.
  return lines
    .filter((l) => ids.some((id) => l.startsWith(String(id).toLowerCase())))
    .map((l) => leafFromCopyRow(Buffer.from(l, 'utf8'), table.columns.length).toString('utf8'));
}

const expected = (table: SealedTable) =>
  vectors
    .filter((v) => v.table === table.table)
    .sort((a, b) => (String(a.input[0]).toLowerCase() < String(b.input[0]).toLowerCase() ? -1 : 1))
    .map((v) => v.leaf);

describe('canonical rows on PostgreSQL 15 and 18', () => {
  let db: TestDatabase;
  let workspace: EmbeddedWorkspace;
  let dir: string;
  let pg18: pg.ClientConfig;

  beforeAll(async () => {
    db = await createInitialisedDatabase('seal_versions');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-seal-pg18-'));
    workspace = new EmbeddedWorkspace({ dataDir: dir, secrets: new MemorySecretStore() });
    const started = await workspace.start();
    pg18 = await pgClientConfig(started.target, started.password, { statementTimeoutMs: null });
    const { host, database, user } = started.target;
    const connection = { host, port: started.port, database, user, password: started.password };
    const sequelize = createSequelize({ connection, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: TEST_OPERATOR });
    } finally {
      await sequelize.close();
    }
  }, 180_000);
  afterAll(async () => {
    await workspace?.stop().catch(() => undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  // The test server is PostgreSQL 15 on this project's machines; on a machine without a local
  // server the tests start an embedded 18 as the test server (README, "The two commands"), and
  // both runs are then on 18.
  for (const [label, config, major] of [
    ['the test server', () => db.url, null],
    ['the bundled PostgreSQL', () => pg18, '18'],
  ] as const) {
    it(`${label} writes every vector row's leaf byte for byte`, async () => {
      const client = await connectClient(config());
      try {
        const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
        const version = rows[0]!.v.slice(0, 2);
        if (major) expect(version).toBe(major);
        else expect(Number(version)).toBeGreaterThanOrEqual(15);
        await insertVectors(client);
        expect(await leavesOf(client, AUDIT_LOGS_SEALED)).toEqual(expected(AUDIT_LOGS_SEALED));
        expect(await leavesOf(client, CONSOLE_EVENTS_SEALED)).toEqual(expected(CONSOLE_EVENTS_SEALED));
      } finally {
        await client.end();
      }
    });
  }
});
