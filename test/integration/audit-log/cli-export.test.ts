import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog } from '../../../src-main/domains/audit-log/export';
import type { AuditExportResult } from '../../../src-main/shared/model/audit-log';
import type { TestDatabase } from '../../support/test-db';
import { demoDatabase, govcon, idsInOrder, sql } from './support';

const ROWS = 3000;
let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await demoDatabase('audit_cli', ROWS);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-audit-export-'));
  // A row whose text needs CSV quoting: comma, quote, newline, and an empty error apart from NULL.
  await sql(
    db.url,
    `UPDATE audit_logs SET error = E'line one, "quoted"\\nline two', mission_objective = ''
      WHERE id = (SELECT id FROM audit_logs WHERE outcome = 'failure' ORDER BY created_at, id LIMIT 1)`,
  );
});
afterAll(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A CSV reader for the test (RFC 4180 quoting, LF line ends as COPY writes them). */
function parseCsv(text: string): Array<Array<string | null>> {
  const rows: Array<Array<string | null>> = [];
  let row: Array<string | null> = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else v += text[i++];
      }
      i++;
      row.push(v);
    } else {
      const m = /^[^,\r\n]*/.exec(text.slice(i))![0];
      row.push(m === '' ? null : m);
      i += m.length;
    }
    if (text[i] === ',') i++;
    else if (text[i] === '\n') {
      rows.push(row);
      row = [];
      i += 1;
    }
  }
  return rows;
}

describe('govcon audit list', () => {
  it('pages by --cursor to the end: every filtered entry once, newest first; JSON for scripts', async () => {
    const expected = (await idsInOrder(db.url, "outcome = 'failure'")).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const args = ['audit', 'list', '--url', db.url, '--filter', 'outcome:failure', '--limit', '100', '--json'];
      const run = await govcon(cursor ? [...args, '--cursor', cursor] : args);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { rows: Array<{ id: string; outcome: string }>; next_cursor: string | null; filter: string };
      expect(out.filter).toBe('outcome:failure');
      out.rows.forEach((r) => expect(r.outcome).toBe('failure'));
      seen.push(...out.rows.map((r) => r.id));
      cursor = out.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 100));
  });

  it("prints a table for a person, and refuses a bad filter with the grammar's message (exit 2)", async () => {
    const text = await govcon(['audit', 'list', '--url', db.url, '--limit', '3', '--filter', 'mode:execute']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^CREATED \(UTC\)\s+ACTOR\s+MODE/);
    expect(text.stdout).toMatch(/3 shown of ~[\d,]+ — next page: --cursor /);
    const bad = await govcon(['audit', 'list', '--url', db.url, '--filter', 'since:yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('since:yesterday is not a time');
  });
});

describe('govcon audit export', () => {
  const manifestOf = (file: string) => JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
  const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('writes CSV with every column, quoted where needed, and a manifest with the filter, count and SHA-256', async () => {
    const out = path.join(dir, 'failures.csv');
    const run = await govcon([
      'audit',
      'export',
      '--url',
      db.url,
      '--filter',
      'outcome:failure',
      '--format',
      'csv',
      '--out',
      out,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as AuditExportResult;
    const expected = await idsInOrder(db.url, "outcome = 'failure'");
    const rows = parseCsv(fs.readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(expect.arrayContaining(['id', 'trace_id', 'parameters', 'integrity_hash', 'created_at']));
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected);
    const header = rows[0]!;
    const first = rows[1]!;
    expect(first[header.indexOf('error')]).toBe('line one, "quoted"\nline two');
    expect(first[header.indexOf('mission_objective')]).toBe('');
    expect(first[header.indexOf('created_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const manifest = manifestOf(out);
    expect(manifest).toMatchObject({
      format: 'govcon-audit-export/v1',
      filter: 'outcome:failure',
      rows: expected.length,
      sha256: sha(out),
    });
    expect(result.rows).toBe(expected.length);
  });

  it('writes JSONL, one object per entry with JSON columns as JSON; refuses to overwrite', async () => {
    const out = path.join(dir, 'all.jsonl');
    const run = await govcon(['audit', 'export', '--url', db.url, '--filter', '', '--format', 'jsonl', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const lines = fs
      .readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(ROWS);
    expect(lines.map((l) => l.id)).toEqual(await idsInOrder(db.url));
    expect(lines[0]!.input_sources).toEqual([expect.objectContaining({ type: 'repository' })]);
    expect(manifestOf(out)).toMatchObject({ rows: ROWS, sha256: sha(out), file_format: 'jsonl' });
    const again = await govcon(['audit', 'export', '--url', db.url, '--filter', '', '--format', 'jsonl', '--out', out]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('exists already');
  });

  it('a cancelled export leaves no file and no manifest', async () => {
    const out = path.join(dir, 'cancelled.csv');
    const controller = new AbortController();
    let cancelledAt = 0;
    const outcome = await exportAuditLog(
      { connectionString: db.url },
      { filter: '', format: 'csv', out },
      {
        signal: controller.signal,
        // Cancelled once it has begun (the first progress report), while the COPY is on its way.
        progress: (_done, total) => {
          if (!cancelledAt) {
            cancelledAt = total ?? 1;
            controller.abort(new Error('stopped by the test'));
          }
        },
      },
    ).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(Error);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(fs.readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  });
});
