import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGovcon as govcon } from '../../support/cli';
import { createTestDatabase, sql, type TestDatabase } from '../../support/test-db';
import { startRuntime, type RuntimeHarness } from '../runtime/support';

/**
 * An empty database, and one another application uses: every command and every page's channel
 * answers SCHEMA_MISSING with what to do ("initialise it first"), never INTERNAL or a stack
 * trace — as import-jsonl did already.
 */
let empty: TestDatabase;
let foreign: TestDatabase;
const VECTORS = 'test/fixtures/vectors/audit-v1.jsonl';

beforeAll(async () => {
  empty = await createTestDatabase('schema_missing');
  foreign = await createTestDatabase('schema_foreign');
  // Another application's tables: nothing of the governance schema.
  await sql(foreign.url, 'CREATE TABLE orders (id serial PRIMARY KEY, total numeric); CREATE TABLE customers (id serial, name text)');
});
afterAll(async () => {
  await empty?.drop();
  await foreign?.drop();
});

const COMMANDS: string[][] = [
  ['users', 'list'],
  ['users', 'show', 'someone@example.org'],
  ['users', 'dormant'],
  ['api-keys', 'list'],
  ['verify-db'],
  ['demo', '--rows', '10'],
  ['import-jsonl', VECTORS],
  ['verify-custody'],
];

describe('govcon on a database that holds no governance schema', () => {
  for (const which of ['empty', 'foreign'] as const) {
    it(`answers SCHEMA_MISSING with "initialise it first" for every command (${which} database)`, async () => {
      const url = which === 'empty' ? empty.url : foreign.url;
      for (const args of COMMANDS) {
        const json = await govcon([...args, '--url', url, '--json']);
        expect(json.code, args.join(' ')).toBe(2);
        const { error } = JSON.parse(json.stdout) as { error: { code: string; message: string } };
        expect(error.code, `${args.join(' ')}: ${error.message}`).toBe('SCHEMA_MISSING');
        expect(error.message, args.join(' ')).toMatch(/initialise it first/i);
      }
      // For a person: the message and its code on stderr, no stack trace.
      for (const args of [COMMANDS[0]!, ['verify-db'], ['demo', '--rows', '10']]) {
        const text = await govcon([...args, '--url', url]);
        expect(text.code).toBe(2);
        expect(text.stderr, args.join(' ')).toMatch(/^govcon: .*initialise it first.* \[SCHEMA_MISSING\]\n$/is);
        expect(text.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      // Nothing was written.
      const tables = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(tables[0]!.n).toBe(which === 'empty' ? 0 : 2);
    });
  }
});

describe("the window's Users and API Keys pages on an empty database", () => {
  let h: RuntimeHarness;
  beforeAll(async () => {
    h = startRuntime({ env: { DATABASE_URL: empty.url } });
    await h.runtime.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answer SCHEMA_MISSING with what to do, and log nothing as unexpected', async () => {
    for (const [channel, input] of [
      ['users/list', {}],
      ['users/dormant', {}],
      ['keys/list', {}],
    ] as const) {
      const error = await h.failure(channel, input as never);
      expect(error.code, channel).toBe('SCHEMA_MISSING');
      expect(error.message, channel).toMatch(/initialise it first/i);
    }
    // The Integrity page's custody list says it in place, as the page opens.
    expect(await h.call('integrity/imports', {})).toEqual({ runs: [], total: 0, missing: expect.stringMatching(/initialise it first/) });
    expect(h.internal).toEqual([]);
  });
});
