import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonlV1Line, sampleLogLines, type SampleEntry, type SampleLogOptions } from '../../../src-main/domains/demo/sample-log';
import { createInitialisedDatabase, sql, type TestDatabase } from '../../support/test-db';

export { sql };

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(HERE, '../../..');
export const VECTORS = path.join(PROJECT_ROOT, 'test/fixtures/vectors/audit-v1.jsonl');
export const OPERATOR = { name: 'Import Tests', email: 'import@example.test' };

/** A database of its own, initialised by the migrator (service schema, console tables, custody). */
export function importDatabase(prefix: string): Promise<TestDatabase> {
  return createInitialisedDatabase(prefix, OPERATOR);
}

export async function count(
  url: string,
  table: 'audit_logs' | 'console_import_lines' | 'console_import_files' | 'console_events',
): Promise<number> {
  const [r] = await sql<{ n: string }>(url, `SELECT count(*)::text AS n FROM ${table}`);
  return Number(r!.n);
}

/** A scratch directory, removed by the returned function. */
export function scratchDir(): { dir: string; file(name: string, ...lines: (string | Buffer)[]): string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-import-test-'));
  return {
    dir,
    file(name, ...lines) {
      const target = path.join(dir, name);
      fs.writeFileSync(
        target,
        Buffer.concat(lines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'utf8') : l, Buffer.from('\n')]))),
      );
      return target;
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Generated log lines (real hashes), without their newline. */
export function lines(options: SampleLogOptions): string[] {
  return [...sampleLogLines(options)];
}

export { jsonlV1Line, type SampleEntry };
