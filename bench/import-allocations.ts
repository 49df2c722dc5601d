/**
 * What an import allocates (docs/scale.md, "import-jsonl's memory"): imports a generated
 * jsonl-v1 file in process under V8's sampling heap profiler, counting objects already
 * collected too, and prints the bytes allocated in all, per line, and by the functions that
 * allocated most. Allocation, not peak memory: it shows what the garbage collector has to
 * clear, which is what grows the heap (bench/import-bench.ts measures the peak).
 *
 *   npx tsx bench/import-allocations.ts [--lines N]      (default 200,000 lines of ~800 bytes)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { importJsonlFile } from '../src-main/domains/import/import-file';
import { writeSampleLog } from '../src-main/domains/demo/sample-log';
import { initialise } from '../src-main/schema/migrator';
import { createSequelize } from '../src-main/platform/db/sequelize';
import { adminUrl, fmt, intArg, ScratchDatabases } from './lib';

const LINES = intArg('lines', 200_000);
const TOP = 12;

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-alloc-'));
  const file = path.join(dir, 'audit.jsonl');
  const scratch = new ScratchDatabases(adminUrl());
  const undoSignal = scratch.dropOnSignal();
  try {
    const written = await writeSampleLog(file, { lines: LINES, seed: 7 });
    const url = await scratch.create(`govcon_alloc_${crypto.randomBytes(4).toString('hex')}`);
    const sequelize = createSequelize({ url, pool: { size: 2, maxOverflow: 0 } });
    try {
      await initialise(sequelize, { operator: { name: 'bench', email: null } });
    } finally {
      await sequelize.close();
    }
    const session = new inspector.Session();
    session.connect();
    // Counting collected objects too (a CDP option @types/node does not list yet): all that was allocated, not what is left.
    const sampling: inspector.HeapProfiler.StartSamplingParameterType & Record<string, unknown> = {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    };
    await session.post('HeapProfiler.startSampling', sampling);
    const result = await importJsonlFile({ connectionString: url }, file, { operator: { name: 'Bench', email: 'bench@example.org' } });
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
    session.disconnect();

    const bySite = new Map<string, number>();
    let total = 0;
    const walk = (node: ProfileNode) => {
      total += node.selfSize;
      const where = node.callFrame.url ? `${node.callFrame.url.split('/').slice(-2).join('/')}` : '(native)';
      const site = `${node.callFrame.functionName || '(anonymous)'} ${where}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      node.children.forEach(walk);
    };
    walk(profile.head);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    console.log(`import      ${fmt(result.imported)} of ${fmt(written.lines)} lines (${mb(written.bytes)}) imported in process`);
    console.log(
      `allocated   ${mb(total)} in all, ${fmt(total / written.lines)} bytes a line (sampled every 16 KiB, collected objects included)`,
    );
    for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`  ${mb(bytes).padStart(8)}  ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${site}`);
    }
  } finally {
    await scratch.dropAll();
    undoSignal();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
