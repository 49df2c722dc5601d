import { pgClientConfig } from '../../platform/db/client-config';
import { connectClient } from '../../platform/db/pg-client';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { demoChannels } from '../../shared/contract/demo';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { ConnectionService } from '../connections/connection-service';
import { needsSchema } from '../workflows/needs-schema';
import { generateDemoData } from './demo-data';

/** Exactly the channels of shared/contract/demo.ts. */
type Channels = keyof typeof demoChannels;

/**
 * Demo data from the window, for a first look at an empty workspace. Only into a database with no
 * audit entries: demo rows mixed into a real trail would be indistinguishable from it.
 */
export function demoHandlers(connections: ConnectionService, jobs: JobManager): HandlerGroup<Channels> {
  return {
    'demo/generate': async ({ rows }) => {
      const { target, secret } = connections.activeTarget();
      const config = await pgClientConfig(target, secret, { purpose: 'demo data' });
      const client = await connectClient(config);
      try {
        const { rows: found } = await needsSchema('audit trail', () =>
          client.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM audit_logs) AS any'),
        );
        if (found[0]?.any) {
          throw new AppError(
            'CONFLICT',
            'This database has audit entries already: demo data goes only into an empty one, where it cannot be mistaken for the real trail.',
          );
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      return jobs.start('demo-data', async (job) => {
        try {
          return await generateDemoData(client, { rows }, job);
        } finally {
          await client.end().catch(() => undefined);
        }
      });
    },
  };
}
