/** `govcon signing-key create` and `govcon signing-key public` (docs/cli.md, docs/seal-format.md §5, §10.6). */
import fs from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import type { Command, CommandContext } from '../../platform/cli/command';
import {
  checkKeyName,
  defaultKeyName,
  keyFilePublic,
  MIN_PASSPHRASE_LENGTH,
  newKeyFileText,
  passphraseFor,
  readKeyFileText,
} from './key-file';

function noPositionals(ctx: CommandContext, allowed = 0): void {
  if (ctx.args.positionals.length > allowed) {
    throw new AppError('VALIDATION', `Unexpected argument "${ctx.args.positionals[allowed]}". Usage: govcon ${ctx.usage}`);
  }
}

function requiredValue(ctx: CommandContext, flag: string): string {
  const v = ctx.args.values[flag];
  if (!v) throw new AppError('VALIDATION', `--${flag} is required. Usage: govcon ${ctx.usage}`);
  return v;
}

/** Writes a file that must not exist yet (never overwrites a key). */
async function writeNew(file: string, text: string, mode: number): Promise<void> {
  try {
    await fs.writeFile(file, text, { flag: 'wx', mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new AppError('CONFLICT', `${file} exists: it is not overwritten. Choose another --out.`);
    throw new AppError('FILE_ERROR', `Cannot write ${file}: ${code ?? String(error)}.`);
  }
}

export const signingKeyCreateCommand: Command = {
  name: 'signing-key create',
  async run(ctx) {
    noPositionals(ctx);
    const out = requiredValue(ctx, 'out');
    const name = ctx.args.values.name ?? defaultKeyName();
    checkKeyName(name);
    const passphrase = await passphraseFor(ctx.io, `Passphrase for the new key ${name}: `, true);
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError('VALIDATION', `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    }
    const { text, vkey } = newKeyFileText(name, passphrase);
    await writeNew(out, text, 0o600);
    return {
      exitCode: 0,
      json: { key_file: out, name, verifier_key: vkey },
      text: `Signing key ${name} written to ${out} (encrypted).\nVerifier key: ${vkey}\n`,
    };
  },
};

export const signingKeyPublicCommand: Command = {
  name: 'signing-key public',
  async run(ctx) {
    noPositionals(ctx, 1);
    const file = ctx.args.positionals[0];
    if (!file) throw new AppError('VALIDATION', `Which key file? Usage: govcon ${ctx.usage}`);
    const { name, vkey } = keyFilePublic(await readKeyFileText(file), file);
    const out = ctx.args.values.out;
    if (out) await writeNew(out, `${vkey}\n`, 0o644);
    return { exitCode: 0, json: { key_file: file, name, verifier_key: vkey, out: out ?? null }, text: `${vkey}\n` };
  },
};
