import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers, importsOf } from '../../../scripts/layers';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcon-layers-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A small tree of its own: each entry is a file and its text. */
function tree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const CLEAN = {
  'src-main/shared/model.ts': "import { z } from 'zod';\nexport const s = z.string();\n",
  'src-main/integrity/hash.ts':
    "import crypto from 'node:crypto';\nimport type { s } from '../shared/model';\nexport const h = crypto;\nexport type S = typeof s;\n",
  'src-main/platform/db.ts': "import { h } from '../integrity/hash';\nexport const db = h;\n",
  'src-main/schema/migrator.ts':
    "import { migrations } from '../../migrations/index';\nimport { db } from '../platform/db';\nexport const m = [migrations, db];\n",
  'migrations/index.ts': "import { db } from '../src-main/platform/db';\nexport const migrations = [db];\n",
  'src-main/domains/users/list.ts':
    "import { m } from '../../schema/migrator';\nimport { k } from '../api-keys/keys';\nexport const list = [m, k];\n",
  'src-main/domains/api-keys/keys.ts': "import { db } from '../../platform/db';\nexport const k = db;\n",
  'src-main/ipc/handlers.ts': "import { list } from '../domains/users/list';\nexport const handlers = list;\n",
  'src-main/cli/main.ts': "import { list } from '../domains/users/list';\nexport const cli = list;\n",
  'src-main/runtime.ts': "import { handlers } from './ipc/handlers';\nexport const runtime = handlers;\n",
  'src-main/index.ts': "import { runtime } from './runtime';\nimport { app } from 'electron';\nexport default [runtime, app];\n",
  'src-renderer/src/App.tsx': "import { s } from '../../src-main/shared/model';\nexport const App = s;\n",
};

describe('the dependency rule (docs/architecture.md)', () => {
  it('passes on the project itself', () => {
    expect(checkLayers(ROOT).map((v) => v.message)).toEqual([]);
  });

  it('passes on a clean tree with every layer', () => {
    expect(checkLayers(tree('clean', CLEAN))).toEqual([]);
  });

  it('counts every kind of import: type-only, export-from, dynamic, require', () => {
    const specs = importsOf(
      "import type { A } from './a';\nexport { B } from './b';\nexport type { C } from './c';\nconst d = await import('./d');\nconst e = require('./e');\n",
    );
    expect(specs).toEqual(['./a', './b', './c', './d', './e']);
  });

  it.each([
    [
      'an upward import',
      { 'src-main/platform/up.ts': "import { list } from '../domains/users/list';\nexport const up = list;\n" },
      'upward',
    ],
    [
      'an upward type-only import',
      { 'src-main/shared/up.ts': "import type { db } from '../platform/db';\nexport type Up = typeof db;\n" },
      'upward',
    ],
    [
      'the router importing the command line',
      { 'src-main/ipc/bad.ts': "import { cli } from '../cli/main';\nexport const bad = cli;\n" },
      'sibling',
    ],
    [
      'a migration importing a domain',
      { 'migrations/bad.ts': "import { k } from '../src-main/domains/api-keys/keys';\nexport const bad = k;\n" },
      'area',
    ],
    [
      'the renderer importing platform code',
      { 'src-renderer/src/bad.ts': "import { db } from '../../src-main/platform/db';\nexport const bad = db;\n" },
      'area',
    ],
    ['shared importing a Node module', { 'src-main/shared/bad.ts': "import fs from 'node:fs';\nexport const bad = fs;\n" }, 'package'],
    [
      'integrity importing the database driver',
      { 'src-main/integrity/bad.ts': "import pg from 'pg';\nexport const bad = pg;\n" },
      'package',
    ],
    [
      'a cycle between two files of one layer',
      {
        'src-main/domains/a/one.ts': "import { two } from './two';\nexport const one = two;\n",
        'src-main/domains/a/two.ts': "import type { one } from './one';\nexport const two = 2;\nexport type One = typeof one;\n",
      },
      'cycle',
    ],
  ] as const)('reports %s', (name, extra, kind) => {
    const root = tree(name.replace(/\W+/g, '-'), { ...CLEAN, ...extra });
    const violations = checkLayers(root);
    expect(violations.map((v) => v.kind)).toEqual([kind]);
    expect(violations[0]!.message).toContain(Object.keys(extra)[0]!);
  });
});
