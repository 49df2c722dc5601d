/** `npm run lint`'s dependency check: prints each violation of docs/architecture.md's rule, exits 1 if any. */
import path from 'node:path';
import { checkLayers } from './layers';

const root = path.resolve(import.meta.dirname, '..');
const violations = checkLayers(root);
for (const v of violations) process.stderr.write(`layers: ${v.message}\n`);
process.stdout.write(violations.length ? `layers: ${violations.length} violation(s)\n` : 'layers: dependencies point one way, no cycles\n');
process.exit(violations.length ? 1 : 0);
