import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedWidthBinaryRows } from '../../../src-main/integrity/copy-binary-rows';
import { CopyTextError } from '../../../src-main/integrity/copy-text';
import { copyOut } from '../../../src-main/platform/db/copy-out';
import { createTestDatabase, sql, type TestDatabase } from '../../support/test-db';

let db: TestDatabase;
let client: pg.Client;
const ROWS = 5000;

beforeAll(async () => {
  db = await createTestDatabase('copy_binary');
  // As the seal's leaf records: a bigint, a uuid and 32 bytes, never NULL; indices past 2^32 too.
  await sql(
    db.url,
    `CREATE TABLE leaves AS SELECT (CASE WHEN i % 10 = 0 THEN 5000000000 ELSE 0 END + i)::bigint AS leaf_index,
            gen_random_uuid() AS row_id, sha256(i::text::bytea) AS leaf_hash FROM generate_series(1, ${ROWS}) AS i`,
  );
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** The server's COPY BINARY bytes of `select`. */
async function binary(select: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  await copyOut(client, `COPY (${select}) TO STDOUT (FORMAT binary)`, (d) => parts.push(Buffer.from(d)));
  return Buffer.concat(parts);
}

/** Feeds `data` in pieces of random sizes (1 to `max` bytes); returns the rows as text. */
function read(data: Buffer, max: number, widths = [8, 16, 32]): string[] {
  const rows: string[] = [];
  const reader = new FixedWidthBinaryRows(widths, (buf, at) => {
    const [i, id, hash] = reader.fieldAt;
    const index = buf.readInt32BE(at + i!) * 2 ** 32 + buf.readUInt32BE(at + i! + 4);
    rows.push(`${index} ${buf.toString('hex', at + id!, at + id! + 16)} ${buf.toString('hex', at + hash!, at + hash! + 32)}`);
  });
  for (let p = 0; p < data.length;) {
    const n = 1 + crypto.randomInt(max);
    reader.push(data.subarray(p, p + n));
    p += n;
  }
  reader.end();
  return rows;
}

describe('COPY BINARY rows of fixed-width fields', () => {
  it('reads every row exactly as the server has it, whatever the chunks', async () => {
    const expected = (
      await sql<{ r: string }>(
        db.url,
        `SELECT leaf_index || ' ' || replace(row_id::text, '-', '') || ' ' || encode(leaf_hash, 'hex') AS r FROM leaves ORDER BY leaf_index`,
      )
    ).map((r) => r.r);
    const data = await binary('SELECT leaf_index, row_id, leaf_hash FROM leaves ORDER BY leaf_index');
    expect(read(data, 7)).toEqual(expected);
    expect(read(data, 4000)).toEqual(expected);
    expect(read(data, data.length)).toEqual(expected);
  });

  it('refuses a NULL, a field of another width, another number of fields, and data cut short or going on', async () => {
    const nulls = await binary('SELECT leaf_index, NULL::uuid, leaf_hash FROM leaves LIMIT 3');
    expect(() => read(nulls, 50)).toThrow(new CopyTextError('COPY BINARY row 1, field 2: NULL, expected 16 bytes'));
    const short = await binary("SELECT leaf_index, row_id, '\\x00ff'::bytea FROM leaves LIMIT 3");
    expect(() => read(short, 50)).toThrow(/row 1, field 3: 2 bytes, expected 32 bytes/);
    const two = await binary('SELECT leaf_index, row_id FROM leaves LIMIT 3');
    expect(() => read(two, 50)).toThrow(/row 1 has 2 fields, expected 3/);
    const whole = await binary('SELECT leaf_index, row_id, leaf_hash FROM leaves LIMIT 3');
    expect(() => read(whole.subarray(0, whole.length - 2), 50)).toThrow(/ended before its trailer/);
    expect(() => read(whole.subarray(0, whole.length - 30), 50)).toThrow(/ended before its trailer/);
    expect(() => read(Buffer.concat([whole, Buffer.from([0, 3])]), 50)).toThrow(/goes on after its end/);
    expect(() => read(Buffer.from('1\tabc\n'), 50)).toThrow(/ended before its trailer|no PGCOPY signature/);
    expect(() => read(Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(10)]), 50)).toThrow(/trailer/);
  });

  it('skips a header extension', async () => {
    const whole = await binary('SELECT leaf_index, row_id, leaf_hash FROM leaves ORDER BY leaf_index LIMIT 2');
    const extended = Buffer.concat([whole.subarray(0, 15), Buffer.from([0, 0, 0, 3, 7, 7, 7]), whole.subarray(19)]);
    expect(read(extended, 5)).toEqual(read(whole, 5));
  });
});
