import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../../../src-main/platform/db/copy-out';
import { createTestDatabase, sql, type TestDatabase } from '../../support/test-db';

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('copy_out');
  // Rows of every size: some far longer than a socket read, so payloads span chunks.
  await sql(
    db.url,
    `CREATE TABLE t AS SELECT i, repeat(chr(65 + i % 26) || 'é😀', CASE WHEN i % 97 = 0 THEN 40000 ELSE i % 50 END) AS s
       FROM generate_series(1, 3000) AS i`,
  );
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function viaStreams(statement: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of client.query(copyTo(statement)) as AsyncIterable<Buffer>) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

describe('copyOut', () => {
  const statement = 'COPY (SELECT i, s FROM t ORDER BY i) TO STDOUT';

  it("gives exactly pg-copy-streams' bytes and the server's row count, and leaves the client usable", async () => {
    const parts: Buffer[] = [];
    const rows = await copyOut(client, statement, (data) => parts.push(Buffer.from(data)));
    const data = Buffer.concat(parts);
    expect(rows).toBe(3000);
    expect(data.equals(await viaStreams(statement))).toBe(true);
    expect(data.toString('utf8').split('\n')).toHaveLength(3001);
    expect(parts.length).toBeGreaterThan(1);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it("rejects with the server's error, and the client goes on", async () => {
    await expect(copyOut(client, 'COPY (SELECT * FROM missing_table) TO STDOUT', () => undefined)).rejects.toThrow(
      /relation "missing_table" does not exist/,
    );
    // An error in the middle of the data, after rows were handed over.
    const seen: number[] = [];
    await expect(
      copyOut(client, 'COPY (SELECT 1 / (100000 - i) FROM generate_series(1, 100000) AS i) TO STDOUT', (d) => seen.push(d.length)),
    ).rejects.toThrow(/division by zero/);
    expect(seen.length).toBeGreaterThan(0);
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('rejects with what the reader throws', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      const boom = new Error('reader failed');
      await expect(
        copyOut(other, statement, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
    } finally {
      await other.end();
    }
  });

  it('refuses a statement that is no COPY TO, without hanging', async () => {
    await expect(copyOut(client, 'SELECT 1', () => undefined)).rejects.toThrow(/COPY … TO STDOUT only/);
    await expect(copyOut(client, 'COPY t FROM STDIN', () => undefined)).rejects.toThrow();
    expect((await client.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });
});
