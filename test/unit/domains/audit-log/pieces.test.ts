import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentsFrom } from '../../../../src-main/domains/audit-log/page-query';
import { withinHorizon } from '../../../../src-main/domains/audit-log/verification-results';
import { AuditViewStore } from '../../../../src-main/domains/audit-log/views';

describe('audit log pieces', () => {
  it('reads dated rows before undated ones along (created_at, id), and the reverse against it', () => {
    expect(segmentsFrom(null, true)).toEqual(['dated', 'undated']);
    expect(segmentsFrom({ createdAt: '2026-01-01 00:00:00.000000', id: 'x' }, true)).toEqual(['dated', 'undated']);
    expect(segmentsFrom({ createdAt: null, id: 'x' }, true)).toEqual(['undated']);
    expect(segmentsFrom(null, false)).toEqual(['undated', 'dated']);
    expect(segmentsFrom({ createdAt: '2026-01-01 00:00:00.000000', id: 'x' }, false)).toEqual(['dated']);
  });

  it('places a row at or before a verification horizon in the same order', () => {
    const h = { createdAt: '2026-05-01T00:00:00.000000Z', id: '5' };
    expect(withinHorizon({ createdAt: '2026-04-30T23:59:59.999999Z', id: '9' }, h)).toBe(true);
    expect(withinHorizon({ createdAt: '2026-05-01T00:00:00.000000Z', id: '5' }, h)).toBe(true);
    expect(withinHorizon({ createdAt: '2026-05-01T00:00:00.000000Z', id: '6' }, h)).toBe(false);
    expect(withinHorizon({ createdAt: null, id: '0' }, h)).toBe(false);
    const undated = { createdAt: null, id: '5' };
    expect(withinHorizon({ createdAt: '2030-01-01T00:00:00.000000Z', id: '9' }, undated)).toBe(true);
    expect(withinHorizon({ createdAt: null, id: '6' }, undated)).toBe(false);
  });

  it('keeps saved views per connection profile, by name, with the filter in canonical form', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-views-'));
    try {
      const store = new AuditViewStore(dir);
      const v = await store.save('prod', {
        name: 'Failures',
        filter: 'outcome:failure  mode:execute',
        columns: ['created', 'actor'],
        order: 'newest',
      });
      expect(v.filter).toBe('mode:execute outcome:failure');
      await store.save('prod', { name: 'failures', filter: 'outcome:rejected', columns: [], order: 'oldest' });
      expect(await store.list('prod')).toEqual([expect.objectContaining({ id: v.id, name: 'failures', filter: 'outcome:rejected' })]);
      expect(await store.list('staging')).toEqual([]);
      await expect(store.save('prod', { name: 'Bad', filter: 'mode:x', columns: [], order: 'newest' })).rejects.toThrow(/not valid/);
      expect(await new AuditViewStore(dir).remove('prod', v.id)).toBe(true);
      expect(await store.list('prod')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
