/** The seal channels (shared/contract/seals.ts): status, the app's key, seal and verify jobs. */
import path from 'node:path';
import { connectClient } from '../../platform/db/pg-client';
import { pgClientConfig } from '../../platform/db/client-config';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { SecretStore } from '../../platform/secrets/secret-store';
import type { sealChannels } from '../../shared/contract/seals';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { ConnectionService } from '../connections/connection-service';
import { reportFacts } from '../verification/reports/facts';
import { appKeyPublic, createAppKey, loadAppKey } from './app-key';
import { openKeyFile, readKeyFileText, readTrustedKeys } from './key-file';
import { sealDatabase } from './seal';
import { sealReport } from './seal-report';
import { readSealStatus } from './status';
import { verifySeals } from './verify-seals';

type Channels = keyof typeof sealChannels;

export function sealHandlers(
  connections: ConnectionService,
  jobs: JobManager,
  secrets: SecretStore | undefined,
  dataDir: string,
  consoleVersion: string,
  env: NodeJS.ProcessEnv = process.env,
): HandlerGroup<Channels> {
  const checkpointDir = path.join(dataDir, 'checkpoints');
  const config = async (purpose: string) => {
    const { target, secret } = connections.activeTarget();
    return pgClientConfig(target, secret, { purpose, statementTimeoutMs: null });
  };
  const keyStore = () => {
    if (!secrets) throw new AppError('NOT_FOUND', 'This console has no secret store to keep a signing key in.');
    return secrets;
  };
  return {
    'seals/status': async () => {
      const client = await connectClient(await config('seal status'));
      try {
        const logs = await readSealStatus(client);
        return { has_seal_tables: logs !== null, logs: logs ?? [], app_key: secrets ? await appKeyPublic(secrets) : null };
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    'seals/create-key': async ({ name }) => createAppKey(keyStore(), name),
    'seals/seal': async ({ marginSeconds, acceptLate, keyFile }) => {
      let key;
      if (keyFile) {
        const passphrase = env.GOVCON_KEY_PASSPHRASE;
        if (!passphrase) throw new AppError('VALIDATION', 'A key file needs its passphrase in GOVCON_KEY_PASSPHRASE.');
        key = openKeyFile(await readKeyFileText(keyFile), passphrase, keyFile);
      } else {
        key = await loadAppKey(keyStore());
        if (!key) throw new AppError('NOT_FOUND', 'The console has no signing key yet: create one first.');
      }
      const signingKey = key;
      const cfg = await config('seal');
      const operator = connections.operator();
      return jobs.start('seal', (job) =>
        sealDatabase(cfg, {
          key: signingKey,
          operator,
          marginSeconds,
          acceptLate,
          checkpointDir,
          signal: job.signal,
          progress: job.progress,
        }),
      );
    },
    'seals/verify': async ({ trustedKeys }) => {
      const trusted = await readTrustedKeys(trustedKeys);
      const cfg = await config('verify seals');
      const facts = () => reportFacts(consoleVersion, connections.operator());
      return jobs.start('verify-seals', async (job) =>
        sealReport(await verifySeals(cfg, { trusted, checkpointDir, signal: job.signal, progress: job.progress }), facts()),
      );
    },
  };
}
