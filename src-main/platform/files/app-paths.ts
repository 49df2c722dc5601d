import { fileError } from './file-errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The console's data folder: connection profiles, encrypted secrets and the embedded
 * workspace's cluster (<data>/pgdata) live there.
 *
 * GOVCON_DATA_DIR wins. Otherwise the platform's per-user config folder, except for root on
 * Linux/BSD: root's home is normally mode 0700 and PostgreSQL refuses to run as root, so the
 * embedded server runs as the `postgres` user and could not reach a cluster under /root.
 * Root therefore gets /var/lib/governance-console, where system services keep their state.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = env.GOVCON_DATA_DIR?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  const home = env.HOME || env.USERPROFILE || os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'governance-console');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'governance-console');
    default:
      if (process.getuid?.() === 0 && !env.XDG_CONFIG_HOME) return '/var/lib/governance-console';
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'governance-console');
  }
}

/** Creates the data folder (private to its owner) if needed and returns it. */
export async function ensureDir(dir: string, mode = 0o700): Promise<string> {
  try {
    await fs.mkdir(dir, { recursive: true, mode });
    return dir;
  } catch (e) {
    throw fileError(`Cannot create the folder ${dir}`, e);
  }
}
