/** Typed access to test/fixtures/merkle (see its README for where each file comes from). */
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';

const dir = path.resolve('test/fixtures/merkle');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
// The probes are Go []byte values marshalled as JSON: std base64, null for a nil slice.
const b64 = (s: string | null): Buffer => Buffer.from(s ?? '', 'base64');

export interface ReferenceTree {
  leafInputs: Buffer[];
  nodeHashesByLevel: Buffer[][];
  rootHashesBySize: Buffer[];
  compactTreesBySize: Buffer[][];
}

export function referenceTree(): ReferenceTree {
  const r = load('reference-tree.json') as {
    leafInputsHex: string[];
    nodeHashesByLevel: string[][];
    rootHashesBySize: string[];
    compactTreesBySize: string[][];
  };
  return {
    leafInputs: r.leafInputsHex.map(hex),
    nodeHashesByLevel: r.nodeHashesByLevel.map((l) => l.map(hex)),
    rootHashesBySize: r.rootHashesBySize.map(hex),
    compactTreesBySize: r.compactTreesBySize.map((l) => l.map(hex)),
  };
}

export function hasherVectors(): {
  emptyRoot: Buffer;
  leaves: Array<{ desc: string; data: Buffer; hash: Buffer }>;
  nodes: Array<{ desc: string; left: Buffer; right: Buffer; hash: Buffer }>;
} {
  const r = load('rfc6962-hasher.json') as {
    emptyRootHex: string;
    leaves: Array<{ desc: string; dataHex?: string; dataUtf8?: string; hashHex: string }>;
    nodes: Array<{ desc: string; leftUtf8: string; rightUtf8: string; hashHex: string }>;
  };
  return {
    emptyRoot: hex(r.emptyRootHex),
    leaves: r.leaves.map((l) => ({
      desc: l.desc,
      data: l.dataUtf8 !== undefined ? Buffer.from(l.dataUtf8) : hex(l.dataHex!),
      hash: hex(l.hashHex),
    })),
    nodes: r.nodes.map((n) => ({ desc: n.desc, left: Buffer.from(n.leftUtf8), right: Buffer.from(n.rightUtf8), hash: hex(n.hashHex) })),
  };
}

export function goldenProofs(): {
  inclusion: Array<{ leafIndex: number; treeSize: number; proof: Buffer[] }>;
  consistency: Array<{ size1: number; size2: number; proof: Buffer[] }>;
} {
  const r = load('golden-proofs.json') as {
    inclusion: Array<{ leafIndex: number; treeSize: number; proofHex: string[] }>;
    consistency: Array<{ size1: number; size2: number; proofHex: string[] }>;
  };
  return {
    inclusion: r.inclusion.map((v) => ({ leafIndex: v.leafIndex, treeSize: v.treeSize, proof: v.proofHex.map(hex) })),
    consistency: r.consistency.map((v) => ({ size1: v.size1, size2: v.size2, proof: v.proofHex.map(hex) })),
  };
}

export interface InclusionProbe {
  file: string;
  desc: string;
  leafIdx: number;
  treeSize: number;
  root: Buffer;
  leafHash: Buffer;
  proof: Buffer[];
  wantErr: boolean;
}

export function inclusionProbes(): InclusionProbe[] {
  type Raw = Omit<InclusionProbe, 'root' | 'leafHash' | 'proof'> & { root: string; leafHash: string; proof: Array<string | null> | null };
  const r = load('inclusion-probes.json') as { probes: Raw[] };
  return r.probes.map((p) => ({ ...p, root: b64(p.root), leafHash: b64(p.leafHash), proof: (p.proof ?? []).map(b64) }));
}

export interface ConsistencyProbe {
  file: string;
  desc: string;
  size1: number;
  size2: number;
  root1: Buffer;
  root2: Buffer;
  proof: Buffer[];
  wantErr: boolean;
}

export function consistencyProbes(): ConsistencyProbe[] {
  type Raw = Omit<ConsistencyProbe, 'root1' | 'root2' | 'proof'> & { root1: string; root2: string; proof: Array<string | null> | null };
  const r = load('consistency-probes.json') as { probes: Raw[] };
  return r.probes.map((p) => ({ ...p, root1: b64(p.root1), root2: b64(p.root2), proof: (p.proof ?? []).map(b64) }));
}
