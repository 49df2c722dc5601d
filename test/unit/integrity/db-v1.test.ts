import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbV1CanonicalText, dbV1Hash, verifyDbV1Row } from '../../../src-main/integrity/db-v1';
import type { DbV1Row } from '../../../src-main/integrity/db-v1';
import { pgTimestampToIsoformat } from '../../../src-main/integrity/py-datetime';

interface VectorRow extends DbV1Row {
  id: string;
  expect: 'ok' | 'tampered';
}

const vectors: VectorRow[] = fs
  .readFileSync(path.resolve('test/fixtures/vectors/db-v1-rows.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as VectorRow);

describe('db-v1 vectors', () => {
  it('has the 60 shared rows, both verdicts', () => {
    expect(vectors).toHaveLength(60);
    expect(vectors.filter((r) => r.expect === 'tampered')).toHaveLength(12);
  });

  it.each(vectors.map((r, i) => [i + 1, r] as const))('row %i comes out as expected', (_n, row) => {
    const result = verifyDbV1Row(row);
    expect(result.verdict).toBe(row.expect);
    expect(result.stored).toBe(row.integrity_hash);
    if (row.expect === 'ok') {
      expect(result.computed).toBe(row.integrity_hash);
      expect(result.reason).toBeUndefined();
    } else {
      expect(result.reason).toBe('hash-mismatch');
    }
  });
});

const base: DbV1Row = {
  trace_id: '7ed4d57b-1e2f-4b89-814c-343c1027c4d1',
  actor_name: 'Émile 😀 "Ops"\t\\',
  actor_email: null,
  actor_role: 'SRE',
  drag_mode: 'draft',
  workflow_name: 'sync-slack',
  outcome: 'success',
  created_at: '2026-01-02 03:04:05.12',
  integrity_hash: '0'.repeat(64),
};

describe('db-v1 canonical text', () => {
  it('is json.dumps(d, sort_keys=True) with created_at as isoformat()', () => {
    // python3 -c 'import json; print(json.dumps({...}, sort_keys=True))'
    expect(
      dbV1CanonicalText(
        base.trace_id,
        base.actor_name,
        base.actor_email,
        base.actor_role,
        base.drag_mode,
        base.workflow_name,
        base.outcome,
        base.created_at,
      ),
    ).toBe(
      '{"actor_email": null, "actor_name": "\\u00c9mile \\ud83d\\ude00 \\"Ops\\"\\t\\\\", "actor_role": "SRE", ' +
        '"created_at": "2026-01-02T03:04:05.120000", "drag_mode": "draft", "outcome": "success", ' +
        '"trace_id": "7ed4d57b-1e2f-4b89-814c-343c1027c4d1", "workflow_name": "sync-slack"}',
    );
  });

  it('hashes a NULL created_at as null', () => {
    // hashlib.sha256(json.dumps({... "created_at": None ...}, sort_keys=True).encode()).hexdigest()
    expect(dbV1Hash({ ...base, created_at: null })).toBe('33e5be36bebc767f0d0ff00c7910000776f99290896b49ea1a921605d68e0ca3');
  });

  it('hashes trace_id as given, not normalised', () => {
    expect(dbV1Hash({ ...base, trace_id: base.trace_id!.toUpperCase() })).not.toBe(dbV1Hash(base));
  });
});

describe('PostgreSQL timestamp to isoformat()', () => {
  it.each([
    ['2026-01-02 03:04:05', '2026-01-02T03:04:05'],
    ['2026-01-02 03:04:05.1', '2026-01-02T03:04:05.100000'],
    ['2026-01-02 03:04:05.12', '2026-01-02T03:04:05.120000'],
    ['2026-01-02 03:04:05.000001', '2026-01-02T03:04:05.000001'],
    ['2026-01-02 03:04:05.999999', '2026-01-02T03:04:05.999999'],
    ['2026-01-02 03:04:05.000000', '2026-01-02T03:04:05'],
    ['2026-01-02 03:04:05.0', '2026-01-02T03:04:05'],
    ['0001-01-01 00:00:00', '0001-01-01T00:00:00'],
    ['9999-12-31 23:59:59.999999', '9999-12-31T23:59:59.999999'],
    ['2024-02-29 00:00:00', '2024-02-29T00:00:00'],
    ['2000-02-29 00:00:00', '2000-02-29T00:00:00'],
  ])('%s -> %s', (pg, iso) => {
    expect(pgTimestampToIsoformat(pg)).toBe(iso);
  });

  it.each([
    'infinity',
    '-infinity',
    '0001-01-01 00:00:00 BC',
    '2026-01-01 00:00:00 BC',
    '10000-01-01 00:00:00',
    '0000-01-01 00:00:00',
    '2023-02-29 00:00:00',
    '1900-02-29 00:00:00',
    '2026-04-31 00:00:00',
    '2026-13-01 00:00:00',
    '2026-01-01 24:00:00',
    '2026-01-01 00:60:00',
    '2026-01-01 00:00:60',
    '2026-01-01T00:00:00',
    '2026-01-01 00:00:00.1234567',
    '2026-01-01 00:00:00.',
    '2026-01-01 00:00:00+00',
    '01/02/2026 03:04:05',
    '２０26-01-01 00:00:00',
    '',
  ])('%j cannot be represented', (pg) => {
    expect(pgTimestampToIsoformat(pg)).toBeNull();
  });
});

describe('db-v1 verdicts', () => {
  const good = { ...base, integrity_hash: dbV1Hash(base) };

  it('ok when the hash matches', () => {
    expect(verifyDbV1Row(good)).toEqual({ verdict: 'ok', computed: good.integrity_hash, stored: good.integrity_hash });
  });

  it('tampered when a covered field changed', () => {
    for (const key of [
      'trace_id',
      'actor_name',
      'actor_email',
      'actor_role',
      'drag_mode',
      'workflow_name',
      'outcome',
      'created_at',
    ] as const) {
      const changed = { ...good, [key]: key === 'created_at' ? '2026-01-02 03:04:05.120001' : 'x' };
      expect(verifyDbV1Row(changed).verdict, key).toBe('tampered');
    }
    expect(verifyDbV1Row({ ...good, actor_email: '' }).verdict).toBe('tampered');
  });

  it('unverifiable when the stored hash is not 64 lowercase hex digits', () => {
    for (const h of [
      good.integrity_hash!.toUpperCase(),
      good.integrity_hash!.slice(1),
      good.integrity_hash + '0',
      '',
      'g'.repeat(64),
      null,
    ]) {
      const r = verifyDbV1Row({ ...good, integrity_hash: h });
      expect(r.verdict, String(h)).toBe('unverifiable');
      expect(r.reason).toBe('bad-stored-hash');
    }
  });

  it('unverifiable when Python cannot represent created_at', () => {
    for (const t of ['infinity', '-infinity', '0044-03-15 12:00:00 BC', '12026-01-01 00:00:00']) {
      const r = verifyDbV1Row({ ...good, created_at: t });
      expect(r).toEqual({ verdict: 'unverifiable', reason: 'bad-created-at', stored: good.integrity_hash });
    }
  });
});
