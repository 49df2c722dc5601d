import { AppError } from '../../shared/errors';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/**
 * A size given on the command line (`--max-line-bytes 16MiB`): a whole number of bytes, or one
 * with KiB, MiB or GiB after it (K, M, G alike). undefined when the flag was not given.
 */
export function byteCountFlag(values: Record<string, string>, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(raw);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new AppError('VALIDATION', `--${name} must be a whole number of bytes, optionally with KiB, MiB or GiB (got "${raw}").`);
  }
  if (bytes > max) throw new AppError('VALIDATION', `--${name} can be at most ${max} bytes (got "${raw}").`);
  return bytes;
}
