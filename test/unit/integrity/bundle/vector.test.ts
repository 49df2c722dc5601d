import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleVerifier } from '../../../../src-main/integrity/bundle/verifier';
import { bundleOf, OTHER, SEALER, syntheticLog, vkeyOf } from '../../../support/evidence-bundle';

const FILE = path.resolve(__dirname, '../../../fixtures/evidence/small.tar');

describe('the evidence bundle vector (test/fixtures/evidence)', () => {
  const bytes = fs.readFileSync(FILE);

  it('is what the writer writes, byte for byte', () => {
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(
      '5a7666fefe56d0a911611479949f56c84c4ff4c6f64da8b3c5636bb2551872f9',
    );
    expect(vkeyOf(SEALER)).toBe('test-sealer+8410a139+AZfJkYHlKMYIgbkger6OObVmfBO5xhiK8Af9eEWD2BHZ');
    expect(bundleOf(syntheticLog(10, { sizes: [5, 10] }), [1, 2, 3, 7]).equals(bytes)).toBe(true);
  });

  it('verifies clean with its key (one range proof, one inclusion proof) and not with another', () => {
    const v = new BundleVerifier([vkeyOf(SEALER)]);
    v.write(bytes);
    const r = v.end();
    expect(r.findings).toEqual([]);
    expect({ rows: r.rows, proven: r.rowsProven, runs: r.runs, sizes: r.checkpoints.map((c) => c.size) }).toEqual({
      rows: 4,
      proven: 4,
      runs: 2,
      sizes: [5, 10],
    });
    const other = new BundleVerifier([vkeyOf(OTHER)]);
    other.write(bytes);
    expect(other.end().findings.map((f) => f.kind)).toEqual(['untrusted-signer', 'untrusted-signer']);
  });
});
