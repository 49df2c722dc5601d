/**
 * Seeded mutations of jsonl-v1 lines for the fuzz tests (docs/reliability.md): byte flips,
 * insertions and deletions, cut lines, spliced lines, deep nesting, huge strings and numbers,
 * invalid UTF-8, NUL bytes and escapes PostgreSQL cannot store. The same seed, the same inputs.
 */
import { prng } from '../../src-main/domains/demo/seeded-random';

export type Mutation = (line: Buffer, random: () => number, others: readonly Buffer[]) => Buffer;

const int = (random: () => number, n: number) => Math.floor(random() * n);
const at = (line: Buffer, random: () => number) => int(random, Math.max(1, line.length));

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'flip a byte': (l, r) => {
    const b = Buffer.from(l);
    b[at(b, r)] ^= 1 << int(r, 8);
    return b;
  },
  'random byte': (l, r) => {
    const b = Buffer.from(l);
    b[at(b, r)] = int(r, 256);
    return b;
  },
  'delete a run': (l, r) => {
    const i = at(l, r);
    return Buffer.concat([l.subarray(0, i), l.subarray(i + 1 + int(r, 40))]);
  },
  'insert JSON punctuation': (l, r) => {
    const i = at(l, r);
    const bits = ['{', '}', '[', ']', '"', ',', ':', '\\', 'null', '1e999', '-0', '"\\u', '\\ud800'];
    return Buffer.concat([l.subarray(0, i), Buffer.from(bits[int(r, bits.length)]!), l.subarray(i)]);
  },
  'cut short': (l, r) => l.subarray(0, at(l, r)),
  'splice two lines': (l, r, others) => {
    const o = others[int(r, others.length)]!;
    return Buffer.concat([l.subarray(0, at(l, r)), o.subarray(at(o, r))]);
  },
  'deep nesting': (l, r) => {
    const depth = 1_000 + int(r, 200_000);
    const text = l.toString('utf8').replace('"parameters": {}', `"parameters": ${'['.repeat(depth)}${']'.repeat(depth)}`);
    return Buffer.from(text);
  },
  'huge string': (l, r) =>
    Buffer.from(l.toString('utf8').replace('"error": null', `"error": "${'x'.repeat(100_000 + int(r, 2_000_000))}"`)),
  'huge number': (l, r) =>
    Buffer.from(
      l.toString('utf8').replace(/"duration_seconds": [^,}]+/, `"duration_seconds": ${'9'.repeat(1 + int(r, 5_000))}.5e${int(r, 400)}`),
    ),
  'invalid UTF-8': (l, r) => {
    const bad = [Buffer.from([0xc3]), Buffer.from([0xff]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80])];
    const i = at(l, r);
    return Buffer.concat([l.subarray(0, i), bad[int(r, bad.length)]!, l.subarray(i)]);
  },
  'NUL byte': (l, r) => {
    const i = at(l, r);
    return Buffer.concat([l.subarray(0, i), Buffer.from([0]), l.subarray(i)]);
  },
  'NUL escape in a string': (l) => Buffer.from(l.toString('utf8').replace('"workflow_name": "', '"workflow_name": "\\u0000')),
  'lone surrogate escape': (l) => Buffer.from(l.toString('utf8').replace('"workflow_name": "', '"workflow_name": "\\udc00')),
  'duplicate key': (l) => Buffer.from(l.toString('utf8').replace('{"trace_id"', '{"outcome": "success", "trace_id"')),
  'BOM first': (l) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), l]),
};

/** `count` mutated lines from `lines`, with the name of the mutation that made each. */
export function* mutatedLines(lines: readonly Buffer[], count: number, seed: number): Generator<{ mutation: string; line: Buffer }> {
  const random = prng(seed);
  const names = Object.keys(MUTATIONS);
  for (let i = 0; i < count; i++) {
    const mutation = names[int(random, names.length)]!;
    let line = lines[int(random, lines.length)]!;
    // One to three mutations on top of each other.
    const times = 1 + int(random, 3);
    for (let t = 0; t < times; t++) line = MUTATIONS[t === 0 ? mutation : names[int(random, names.length)]!]!(line, random, lines);
    yield { mutation, line: Buffer.from(line.toString('latin1').replace(/\n/g, ' '), 'latin1') };
  }
}
