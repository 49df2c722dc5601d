/** The Database page's backup actions (shared/contract/backup.ts): jobs whose result is a backup-v1 report. */
import fs from 'node:fs';
import { isAbsolute } from 'node:path';
import { pgClientConfig } from '../../platform/db/client-config';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { backupChannels } from '../../shared/contract/backup';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { ConnectionService } from '../connections/connection-service';
import { operatorText, reportFacts } from '../verification/reports/facts';
import { backupDatabase } from './backup';
import { backupReport, verifyReport } from './report';
import { readBackup } from './verify';

type Channels = keyof typeof backupChannels;

function fullPath(path: string): string {
  // The window's working folder means nothing to a person: the file's place is said in full.
  if (!isAbsolute(path)) throw new AppError('VALIDATION', `Give the full path of the file (got "${path}").`);
  return path;
}

export function backupHandlers(connections: ConnectionService, jobs: JobManager, version: string): HandlerGroup<Channels> {
  return {
    'backup/create': async ({ path }) => {
      const out = fullPath(path);
      if (fs.existsSync(out))
        throw new AppError('CONFLICT', `${out} already exists: a backup never overwrites a file; choose another name.`);
      const { target, secret } = connections.activeTarget();
      const operator = connections.operator();
      const config = await pgClientConfig(target, secret, { purpose: 'backup', statementTimeoutMs: null });
      return jobs.start('backup', async (job) => {
        const result = await backupDatabase(config, out, {
          consoleVersion: version,
          operator: operatorText(operator),
          progress: (done, total) => job.progress(done, total),
          signal: job.signal,
        });
        return backupReport(result, reportFacts(version, operator));
      });
    },
    'backup/verify': async ({ path }) => {
      const file = fullPath(path);
      const operator = connections.operator();
      return jobs.start('backup-verify', async (job) => {
        const check = await readBackup(file, { progress: (done, total) => job.progress(done, total), signal: job.signal });
        return verifyReport(check, reportFacts(version, operator));
      });
    },
  };
}
