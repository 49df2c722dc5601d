import { isAbsolute } from 'node:path';
import { AppError } from '../../shared/errors';
import type { JobManager } from '../../platform/jobs/job-manager';
import { pgClientConfig } from '../../platform/db/client-config';
import { connectClient } from '../../platform/db/pg-client';
import { rowSealProof } from '../seals/row-proof';
import type { ConnectionService } from '../connections/connection-service';
import type { auditLogChannels } from '../../shared/contract/audit-log';
import type { HandlerGroup } from '../../shared/handler';
import { estimateCount, exactCount } from './count';
import { getAuditDetail } from './detail';
import { exportAuditLog } from './export';
import { auditFacets } from './facets';
import { filterOf, listAuditPage } from './list';
import { QueryRegistry } from './tracked-query';
import { AuditViewStore } from './views';

/** Exactly the channels of shared/contract/audit-log.ts. */
type Channels = keyof typeof auditLogChannels;

export function auditLogHandlers(connections: ConnectionService, jobs: JobManager, dataDir: string): HandlerGroup<Channels> {
  const db = () => connections.sequelize();
  const registry = new QueryRegistry();
  const views = new AuditViewStore(dataDir);
  const profile = () => connections.activeTarget().target.id;
  return {
    'audit/list': async (query) => listAuditPage(db(), registry, query),
    'audit/count': async ({ filter, exact, queryId }) => {
      const parsed = filterOf(filter);
      const now = new Date();
      return registry.run(db(), queryId, async (t) =>
        exact
          ? { value: await exactCount(db(), t, parsed, now), exact: true }
          : { value: await estimateCount(db(), t, parsed, now), exact: false },
      );
    },
    'audit/cancel': async ({ queryId }) => ({ cancelled: await registry.cancel(db(), queryId) }),
    'audit/detail': async ({ id }) => {
      const detail = await getAuditDetail(db(), id);
      // The seal proof reads leaf records with COPY: a connection of its own, outside the pool.
      const { target, secret } = connections.activeTarget();
      const client = await connectClient(await pgClientConfig(target, secret, { purpose: 'seal proof' }));
      try {
        detail.integrity.seal = await rowSealProof(client, detail.row.id);
      } finally {
        await client.end().catch(() => undefined);
      }
      return detail;
    },
    'audit/facets': async () => auditFacets(db()),
    'audit/export': async ({ filter, format, path }) => {
      filterOf(filter); // a bad filter is refused now, not as a failed job
      // The window's working folder means nothing to a person: the file's place is said in full.
      if (!isAbsolute(path)) throw new AppError('VALIDATION', `Give the full path of the file to write (got "${path}").`);
      const { target, secret } = connections.activeTarget();
      const config = await pgClientConfig(target, secret, { purpose: 'audit export', statementTimeoutMs: null });
      return jobs.start('audit-export', (job) => exportAuditLog(config, { filter: filter ?? '', format, out: path }, job));
    },
    'audit/views': async () => views.list(profile()),
    'audit/save-view': async (input) => views.save(profile(), input),
    'audit/delete-view': async ({ id }) => ({ deleted: await views.remove(profile(), id) }),
  };
}
