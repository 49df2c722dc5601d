/**
 * The dependency rule of docs/architecture.md, checked: which folder of src-main may import
 * which, which packages each may use, and no import cycles. `npm run lint` runs it over the
 * tree (scripts/check-layers.ts); test/unit/architecture/layers.test.ts proves it catches a
 * deliberate violation of each kind in a fixture tree.
 *
 * Every import counts: static, `import type`, `export … from`, dynamic `import()`, require().
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The layers, lowest first: a file may import its own layer and the layers below it. */
export const LAYERS: readonly { name: string; paths: readonly string[] }[] = [
  { name: 'shared', paths: ['src-main/shared/'] },
  { name: 'integrity', paths: ['src-main/integrity/'] },
  { name: 'platform', paths: ['src-main/platform/'] },
  { name: 'schema', paths: ['src-main/schema/'] },
  { name: 'domains', paths: ['src-main/domains/'] },
  { name: 'entry', paths: ['src-main/ipc/', 'src-main/cli/'] },
  { name: 'runtime', paths: ['src-main/runtime.ts', 'src-main/integrity-worker.ts'] },
  { name: 'shell', paths: ['src-main/index.ts', 'src-main/preload.ts'] },
];

/** Same-layer folders that must not import each other (the router and the command line are siblings). */
const SIBLINGS_APART: readonly [string, string][] = [['src-main/ipc/', 'src-main/cli/']];

/** Outside src-main's layers: what each may import. */
const OTHER_AREAS: readonly { name: string; path: string; may: readonly string[] }[] = [
  { name: 'migrations', path: 'migrations/', may: ['migrations/', 'src-main/shared/', 'src-main/platform/'] },
  { name: 'renderer', path: 'src-renderer/', may: ['src-renderer/', 'src-main/shared/'] },
];

/** Packages a layer may use (others may use any): the contract is renderer-safe, integrity is pure. */
const PACKAGE_RULES: readonly { path: string; allow: (pkg: string) => boolean; why: string }[] = [
  { path: 'src-main/shared/', allow: (p) => p === 'zod', why: 'shared/ is imported by the renderer: zod only' },
  { path: 'src-main/integrity/', allow: (p) => p.startsWith('node:'), why: 'integrity/ is pure: node: built-ins only' },
  { path: 'src-main/preload.ts', allow: (p) => p === 'electron', why: 'the sandboxed preload can require electron only' },
];

export interface Violation {
  kind: 'upward' | 'sibling' | 'area' | 'package' | 'cycle' | 'unresolved';
  file: string;
  target: string;
  message: string;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '/index.ts', '/index.tsx', '.js', '.mjs'];

function layerOf(file: string): number {
  // The migrations are run by the migrator: for what may import them, they sit with schema/.
  if (file.startsWith('migrations/')) return LAYERS.findIndex((l) => l.name === 'schema');
  return LAYERS.findIndex((l) => l.paths.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p)));
}

function resolve(root: string, from: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const ext of ['', ...EXTENSIONS]) {
    const candidate = base + ext;
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return undefined;
}

/** Every module specifier a file names, type-only imports included. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** All source files of the checked areas, relative to root with forward slashes. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) return;
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const top of ['src-main', 'src-renderer', 'migrations']) walk(top);
  return out.sort();
}

export function checkLayers(root: string, files: readonly string[] = sourceFiles(root)): Violation[] {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const edges: string[] = [];
    graph.set(file, edges);
    for (const spec of importsOf(fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.startsWith('node:') ? spec : spec.split('/')[0]!;
        const rule = PACKAGE_RULES.find((r) => (r.path.endsWith('/') ? file.startsWith(r.path) : file === r.path));
        if (rule && !rule.allow(pkg))
          violations.push({ kind: 'package', file, target: spec, message: `${file} imports ${spec}: ${rule.why}` });
        continue;
      }
      const target = resolve(root, file, spec);
      if (!target) {
        violations.push({ kind: 'unresolved', file, target: spec, message: `${file} imports ${spec}, which is not a file` });
        continue;
      }
      edges.push(target);
      checkEdge(file, target, violations);
    }
  }
  for (const cycle of cyclesOf(graph)) {
    violations.push({
      kind: 'cycle',
      file: cycle[0]!,
      target: cycle.at(-1)!,
      message: `import cycle: ${[...cycle, cycle[0]].join(' → ')}`,
    });
  }
  return violations;
}

function checkEdge(file: string, target: string, violations: Violation[]): void {
  const area = OTHER_AREAS.find((a) => file.startsWith(a.path));
  if (area) {
    if (!area.may.some((p) => target.startsWith(p))) {
      violations.push({
        kind: 'area',
        file,
        target,
        message: `${file} (${area.name}) imports ${target}: ${area.name} may import only ${area.may.join(', ')}`,
      });
    }
    return;
  }
  const from = layerOf(file);
  if (from === -1) return;
  const to = layerOf(target);
  if (to === -1) {
    violations.push({ kind: 'area', file, target, message: `${file} imports ${target}, outside src-main's layers` });
    return;
  }
  if (to > from) {
    violations.push({
      kind: 'upward',
      file,
      target,
      message: `${file} (${LAYERS[from]!.name}) imports ${target} (${LAYERS[to]!.name}): dependencies point down only`,
    });
  }
  for (const [a, b] of SIBLINGS_APART) {
    if ((file.startsWith(a) && target.startsWith(b)) || (file.startsWith(b) && target.startsWith(a))) {
      violations.push({ kind: 'sibling', file, target, message: `${file} imports ${target}: ${a} and ${b} are siblings and stay apart` });
    }
  }
}

/** Tarjan's strongly connected components; each component of two or more files (or a self-import) is a cycle. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Iterative, so a long chain of imports cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (indices.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    indices.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.next < edges.length) {
        const w = edges[top.next++]!;
        if (!graph.has(w)) continue;
        if (!indices.has(w)) {
          indices.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, indices.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === indices.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || edges.includes(top.node)) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
