/**
 * The standalone verifier (out/verifier/govcon-verify.mjs, docs/seal-format.md §12.8): the
 * console's own bundle verifier in one file an auditor can read, run with plain Node (20.19 or
 * later) and no node_modules. It imports only node: modules; scripts/build-verifier.mjs bundles
 * it unminified with esbuild.
 *
 *   node govcon-verify.mjs FILE --trusted-key KEY [--trusted-key KEY …] [--json]
 *
 * KEY is a verifier key line (name+hex8+base64) or a file of them. Exit 0: clean; 1: findings;
 * 2: could not run. The JSON is the govcon/v2 report `govcon verify-bundle --json` prints.
 */
import os from 'node:os';
import process from 'node:process';
import { verifyBundleFile } from './read-bundle';
import { readInputFile } from '../../platform/files/input-file';

const VERSION = 'govcon-verify standalone 1';
const USAGE = 'usage: node govcon-verify.mjs FILE --trusted-key KEY [--trusted-key KEY …] [--json]';

async function trustedKeys(values: string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const v of values) {
    if (/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(v)) keys.push(v);
    else {
      const text = (await readInputFile(v)).toString('utf8'); // regular files only, as every reader
      for (const line of text.split('\n')) if (line.trim() && !line.trim().startsWith('#')) keys.push(line.trim());
    }
  }
  return keys;
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  const keys: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--trusted-key' && i + 1 < argv.length) keys.push(argv[++i]);
    else if (a.startsWith('--trusted-key=')) keys.push(a.slice('--trusted-key='.length));
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (files.length !== 1 || keys.length === 0) throw new Error(USAGE);
  const report = await verifyBundleFile(files[0], await trustedKeys(keys), {
    console_version: VERSION,
    operator: os.userInfo().username,
    at: new Date().toISOString(),
  });
  const file = report.subject as { name: string; size: number; sha256: string };
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const out = [
      `${report.outcome === 'clean' ? 'CLEAN' : 'FINDINGS'}: ${file.name}, ${file.size} bytes, sha256 ${file.sha256}`,
      `${report.total} rows of ${report.table ?? '?'} (${report.origin ?? '?'}), ${report.ok} proven, in ${report.runs} runs`,
      ...report.checkpoints.map(
        (c) =>
          `${c.member}: tree size ${c.size}, ${c.trusted ? 'trusted' : 'NOT trusted'}, signed by ${c.signers.map((s) => `${s.name}+${s.key_id}${s.trusted ? '' : ' (not trusted)'}`).join(', ')}`,
      ),
      ...report.findings.map((f) => `${f.kind}: ${(f.detail as { message: string } | null)?.message ?? f.reason ?? ''}`),
      report.findings_not_listed ? `… ${report.findings_not_listed} more findings` : '',
      `not covered: ${report.not_covered}`,
    ];
    process.stdout.write(`${out.filter(Boolean).join('\n')}\n`);
  }
  return report.outcome === 'clean' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`govcon-verify: ${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
