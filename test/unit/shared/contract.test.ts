import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels, CHANNEL_NAMES, isChannelName } from '../../../src-main/shared/contract';
import { ProfileStore } from '../../../src-main/domains/connections/profile-store';

describe('the IPC contract', () => {
  it('names each channel once, as domain/verb', () => {
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    for (const name of CHANNEL_NAMES) expect(name).toMatch(/^[a-z]+\/[a-z-]+$/);
    expect(isChannelName('toString')).toBe(false);
  });

  it('every input schema is strict: an unknown field is refused, not ignored', () => {
    for (const name of CHANNEL_NAMES) {
      const res = channels[name].input.safeParse({ surprise: 1 });
      expect(res.success, name).toBe(false);
    }
  });

  it('a profile edit keeps what it does not mention (no defaults fill a patch)', async () => {
    const parsed = channels['profiles/update'].input.parse({ id: 'p1', patch: { name: 'Renamed' } });
    expect(parsed.patch).toEqual({ name: 'Renamed' });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-contract-'));
    const store = new ProfileStore(dir);
    const created = await store.create({
      name: 'Prod copy',
      host: 'db.example.org',
      port: 6543,
      database: 'gov',
      user: 'sre',
      tls: { mode: 'verify-full' },
      statementTimeoutMs: 5000,
    });
    const updated = await store.update(created.id, parsed.patch);
    expect(updated).toMatchObject({ name: 'Renamed', port: 6543, tls: { mode: 'verify-full' }, statementTimeoutMs: 5000 });
  });
});
