import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { BundleVerifier } from '../../../../src-main/integrity/bundle/verifier';
import type { BundleVerification } from '../../../../src-main/integrity/bundle/verifier';
import { evidenceReport } from '../../../../src-main/integrity/bundle/report';
import { BLOCK, parseTarHeader } from '../../../../src-main/integrity/bundle/tar';
import { reportSchema } from '../../../../src-main/shared/model/report';
import { prng as seededRandom } from '../../../../src-main/domains/demo/seeded-random';
import { bundleOf, OTHER, range, SEALER, syntheticLog, vkeyOf } from '../../../support/evidence-bundle';

const trusted = [vkeyOf(SEALER)];

function verify(bytes: Buffer, keys = trusted, chunk = 4096): BundleVerification {
  const v = new BundleVerifier(keys);
  for (let p = 0; p < bytes.length; p += chunk) v.write(bytes.subarray(p, p + chunk));
  return v.end();
}

/** The members of a bundle with their data offsets, read from the tar headers. */
function members(bytes: Buffer): Array<{ name: string; start: number; size: number }> {
  const out = [];
  let p = 0;
  while (p + BLOCK <= bytes.length && bytes.subarray(p, p + BLOCK).some((b) => b !== 0)) {
    const h = parseTarHeader(bytes.subarray(p, p + BLOCK));
    if (!('header' in h)) throw new Error('bad header');
    out.push({ name: h.header.name, start: p + BLOCK, size: h.header.size });
    p += BLOCK + Math.ceil(h.header.size / BLOCK) * BLOCK;
  }
  return out;
}

/** Which member (or the archive's own structure) a byte offset falls in. */
function memberAt(bytes: Buffer, offset: number): string | null {
  let p = 0;
  for (const m of members(bytes)) {
    if (offset >= p && offset < m.start + Math.ceil(m.size / BLOCK) * BLOCK) return m.name;
    p = m.start + Math.ceil(m.size / BLOCK) * BLOCK;
  }
  return null;
}

const log = syntheticLog(300, { sizes: [120, 300] });
// A contiguous incident (one range proof) and scattered rows (one inclusion proof each).
const selection = [...range(40, 90), 130, 177, 250, 299];
const clean = bundleOf(log, selection);

describe('govcon-evidence/v1 bundles', () => {
  it('a clean bundle verifies: every row proven, one proof per run, signers shown', () => {
    const r = verify(clean);
    expect(r.findings).toEqual([]);
    expect(r.rows).toBe(selection.length);
    expect(r.rowsProven).toBe(selection.length);
    expect(r.runs).toBe(5);
    expect(r.checkpoints.map((c) => [c.size, c.ok])).toEqual([
      [120, true],
      [300, true],
    ]);
    expect(r.keysInBundle).toEqual([vkeyOf(SEALER)]);
    const report = evidenceReport(
      r,
      { path: '/x/e.tar', name: 'e.tar' },
      { console_version: '0', operator: 't', at: '2026-12-01T00:00:00Z' },
    );
    expect(reportSchema.parse(report)).toMatchObject({ format: 'evidence-v1', outcome: 'clean', total: 54, ok: 54 });
    expect(report.subject).toMatchObject({ size: clean.length });
  });

  it('is a plain tar with the manifest first and manifest.sha256 last', () => {
    const names = members(clean).map((m) => m.name);
    expect(names).toEqual([
      'manifest.json',
      'checkpoints/1.note',
      'checkpoints/2.note',
      'keys.txt',
      'proofs.json',
      'leaves.bin',
      'rows.canonical',
      'rows.jsonl',
      'manifest.sha256',
    ]);
    const jsonl = members(clean).find((m) => m.name === 'rows.jsonl')!;
    const first = clean.subarray(jsonl.start, clean.indexOf(0x0a, jsonl.start)).toString('utf8');
    expect(JSON.parse(first)).toMatchObject({
      leaf_index: 40,
      row: { id: log.rowAt(40)[0], outcome: 'failure', error: 'line1\nline2 \\path' },
    });
  });

  it('verifies the same whatever the chunk sizes', () => {
    for (const chunk of [1, 511, 513, 65536])
      expect(verify(clean.subarray(0, 20_000), trusted, chunk).findings).toEqual(verify(clean.subarray(0, 20_000)).findings);
  });

  it('rejects a bundle with one byte flipped, at 200 random positions, naming the member and the offset', () => {
    const random = seededRandom(13);
    for (let i = 0; i < 200; i++) {
      const at = Math.floor(random() * clean.length);
      const bad = Buffer.from(clean);
      bad[at] ^= 1 << Math.floor(random() * 8);
      const r = verify(bad);
      expect(r.findings.length, `flip at ${at}`).toBeGreaterThan(0);
      const where = memberAt(clean, at);
      // A finding names the member the byte is in (null: the end-of-archive blocks) at or before
      // the byte; manifest.json and manifest.sha256 vouch for each other, so a flip in either
      // names the pair.
      const accept = where === 'manifest.json' || where === 'manifest.sha256' ? ['manifest.json', 'manifest.sha256'] : [where];
      const named = r.findings.find((f) => accept.includes(f.member) && f.offset !== null && f.offset <= at);
      expect(named, `flip at ${at} in ${where}: ${r.findings.map((f) => f.message).join('; ')}`).toBeDefined();
      if (where === 'rows.canonical' || where === 'rows.jsonl') {
        const m = members(clean).find((x) => x.name === where)!;
        if (at >= m.start && at < m.start + m.size) {
          const row = clean.subarray(m.start, at).filter((b) => b === 0x0a).length + 1;
          expect(r.findings.find((x) => x.member === where && x.kind === 'modified')?.row, `flip at ${at}`).toBe(row);
        }
      }
    }
  });

  it('rejects a bundle truncated at 100 random offsets as truncated, naming where it ends', () => {
    const random = seededRandom(14);
    for (let i = 0; i < 100; i++) {
      const at = Math.floor(random() * clean.length);
      const r = verify(clean.subarray(0, at));
      const f = r.findings.find((x) => x.kind === 'truncated');
      expect(f, `cut at ${at}`).toBeDefined();
      expect(f!.offset).toBe(at);
      expect(f!.member).toBe(memberAt(clean, at) ?? f!.member);
      expect(r.rowsProven).toBe(0);
    }
  });

  it('rejects a row swapped in from another bundle of the same log: the row, then its proof', () => {
    const other = bundleOf(log, [130, 131, 132]);
    const theirs = log.rowAt(131);
    // Row 52 of `clean` (leaf 130, a lone row) replaced, in both forms, by leaf 131's row.
    const swapped = Buffer.concat([...bundleChunksSwapped(log, selection, new Map([[130, theirs]]))]);
    const r = verify(swapped);
    expect(r.findings.map((f) => [f.kind, f.member, f.row])).toEqual(
      expect.arrayContaining([
        ['modified', 'rows.canonical', 51],
        ['modified', 'rows.jsonl', 51],
      ]),
    );
    expect(verify(other).findings).toEqual([]);
    // With leaves.bin rewritten to match the swapped row too, its proof fails at that row.
    const forged = bundleWithLeaf(log, selection, 130, theirs);
    const f = verify(forged).findings;
    expect(f.map((x) => [x.kind, x.row])).toContainEqual(['proof-failed', 51]);
    expect(f.every((x) => x.row === 51 || x.row === null)).toBe(true);
  });

  it('rejects checkpoints signed only by keys not trusted, and names the signers', () => {
    const r = verify(clean, [vkeyOf(OTHER)]);
    expect(r.findings.map((f) => [f.kind, f.member])).toEqual([
      ['untrusted-signer', 'checkpoints/1.note'],
      ['untrusted-signer', 'checkpoints/2.note'],
    ]);
    expect(r.rowsProven).toBe(0);
    expect(r.checkpoints[1].signers).toEqual([{ name: 'test-sealer', key_id: r.checkpoints[1].signers[0].key_id, trusted: false }]);
  });

  it('accepts a checkpoint cosigned by a key given alongside an untrusted one', () => {
    const cosigned = syntheticLog(50, { signers: [SEALER, OTHER] });
    expect(verify(bundleOf(cosigned, range(0, 50)), [vkeyOf(OTHER)]).findings).toEqual([]);
  });

  it('refuses to export a row that is not the sealed one', () => {
    expect(() => bundleWithLeaf(log, [1, 2], 1, log.rowAt(5), false)).toThrow(/not the sealed row/);
  });
});

import { AUDIT_LOGS_SEALED, canonicalRowBytes } from '../../../../src-main/integrity/canonical-row';
import type { RowValue } from '../../../../src-main/integrity/canonical-row';
import { hashLeaf } from '../../../../src-main/integrity/merkle/hash';
import { writeBundle } from '../../../../src-main/integrity/bundle/writer';
import type { LeafHashes } from '../../../../src-main/integrity/merkle/leaf-hashes';
import type { SyntheticLog } from '../../../support/evidence-bundle';

/** A bundle whose rows at some leaf indexes are replaced, with the log's own leaves (so leaves.bin stays the sealed one). */
function bundleChunksSwapped(l: SyntheticLog, indexes: number[], replace: Map<number, RowValue[]>): Buffer[] {
  const good = Buffer.concat([...writeWith(l, indexes, l.tree, (i) => l.rowAt(i))]);
  const evil = Buffer.concat([...writeWith(l, indexes, leafPatched(l.tree, replace), (i) => replace.get(i) ?? l.rowAt(i))]);
  // Take the rows members from the forged file and everything else from the good one: the
  // forger swapped the row text and recomputed the manifest's digests, but left leaves.bin.
  const g = members(good);
  const e = members(evil);
  const out: Buffer[] = [];
  for (let i = 0; i < g.length; i++) {
    const src = g[i].name.startsWith('rows.') || g[i].name === 'manifest.json' || g[i].name === 'manifest.sha256' ? evil : good;
    const m = src === evil ? e[i] : g[i];
    out.push(src.subarray(m.start - BLOCK, m.start + Math.ceil(m.size / BLOCK) * BLOCK));
  }
  out.push(Buffer.alloc(2 * BLOCK));
  return out;
}

/** A bundle in which leaf `index` is `values` for the writer (leaves.bin and the digests follow), proofs from the real tree. */
function bundleWithLeaf(l: SyntheticLog, indexes: number[], index: number, values: RowValue[], patch = true): Buffer {
  const tree = patch ? leafPatched(l.tree, new Map([[index, values]]), l.tree) : l.tree;
  return Buffer.concat([...writeWith(l, indexes, tree, (i) => (i === index ? values : l.rowAt(i)))]);
}

/** Leaf hashes with some leaves replaced; proofs (subtrees) still come from `proofsFrom` when given. */
function leafPatched(tree: LeafHashes, replace: Map<number, RowValue[]>, proofsFrom?: LeafHashes): LeafHashes {
  const base = proofsFrom ?? tree;
  return {
    size: tree.size,
    leafHash: (i) => (replace.has(i) ? hashLeaf(canonicalRowBytes(replace.get(i)!)) : tree.leafHash(i)),
    subtreeHash: (b, e) => (base.subtreeHash ? base.subtreeHash(b, e) : base.leafHash(b)),
  };
}

function writeWith(l: SyntheticLog, indexes: number[], tree: LeafHashes, rowAt: (i: number) => RowValue[]) {
  return writeBundle({
    table: AUDIT_LOGS_SEALED,
    notes: l.notes,
    keys: [vkeyOf(SEALER)],
    tree,
    rows: function* () {
      for (const leafIndex of indexes) yield { leafIndex, values: rowAt(leafIndex) };
    },
    selection: 's',
    exportedAt: 'x',
    exportedBy: 'y',
    consoleVersion: 'z',
  });
}

describe('govcon-evidence/v1 checkpoints', () => {
  it('finds a checkpoint that the next does not extend, and a signature that does not verify', () => {
    const l = syntheticLog(40, { sizes: [20, 40] });
    // A second log of the same origin whose first 20 leaves differ: its checkpoint at 20 is not extended by l's at 40.
    const fork = syntheticLog(40, { sizes: [20], salt: 'fork' });
    const forked = { ...l, notes: [fork.notes[0], l.notes[1]] };
    expect(() => bundleOf(forked, [30])).toThrow(/root is not the tree's root/);
    // Written by hand: the bundle's own proof of consistency is then the one that fails.
    const good = bundleOf(l, [30]);
    const replaced = (from: string, to: string) => {
      const out = Buffer.from(good);
      const at = out.indexOf(Buffer.from(from));
      expect(at).toBeGreaterThan(0);
      Buffer.from(to).copy(out, at);
      return out;
    };
    const a = l.notes[0];
    const b = fork.notes[0];
    expect(a.length).toBe(b.length);
    const swapped = replaced(a, b);
    const f = verify(swapped).findings.map((x) => [x.kind, x.member]);
    expect(f).toContainEqual(['inconsistent', 'proofs.json']);
    // A trusted key's name and key ID over a signature that does not verify: bad-signature.
    const sigAt = a.indexOf('— test-sealer ') + '— test-sealer '.length + 8; // past the 4-byte key ID
    const forged = a.slice(0, sigAt) + (a[sigAt] === 'A' ? 'B' : 'A') + a.slice(sigAt + 1);
    const badSig = verify(replaced(a, forged)).findings.map((x) => [x.kind, x.member]);
    expect(badSig).toContainEqual(['bad-signature', 'checkpoints/1.note']);
  });
});
