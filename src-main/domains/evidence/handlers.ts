import { parseVerifierKey } from '../../integrity/note/note-keys';
import { pgClientConfig } from '../../platform/db/client-config';
import type { JobManager } from '../../platform/jobs/job-manager';
import type { evidenceChannels } from '../../shared/contract/evidence';
import type { EvidenceExportDto } from '../../shared/model/evidence';
import { AppError } from '../../shared/errors';
import type { HandlerGroup } from '../../shared/handler';
import type { ConnectionService } from '../connections/connection-service';
import { operatorText, reportFacts } from '../verification/reports/facts';
import { exportEvidence, verifierText, type EvidenceSelection } from './export';
import { verifyBundleFile } from './read-bundle';
import { filterLabel } from './filter-selection';

type Channels = keyof typeof evidenceChannels;

function isoToTimestamp(iso: string): string {
  return iso.replace(/(Z|[+-]00:?00)$/, '').replace('T', ' ');
}

/**
 * The Integrity page's evidence: "Verify evidence file" (no database, no network: the job reads
 * the file in chunks on the main process, each read yielding, and hashes on a second thread; its
 * result is the evidence-v1 report, which integrity/report saves as JSON or HTML like any other)
 * and "Export evidence" (govcon export-evidence on the active connection, as a job; the Audit Log
 * page's "Export as evidence…" sends its filter).
 */
export function evidenceHandlers(connections: ConnectionService, jobs: JobManager, consoleVersion: string): HandlerGroup<Channels> {
  return {
    'evidence/verify-bundle': async ({ path, trustedKeys }) => {
      for (const k of trustedKeys) {
        try {
          parseVerifierKey(k);
        } catch (error) {
          throw new AppError('VALIDATION', `"${k.slice(0, 40)}…" is not a verifier key (${(error as Error).message}).`);
        }
      }
      return jobs.start('verify-bundle', async (job) => {
        try {
          return await verifyBundleFile(path, trustedKeys, reportFacts(consoleVersion, connections.operator()), {
            signal: job.signal,
            progress: (done, total) => job.progress(done, total),
          });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code && code !== 'ABORT_ERR') throw new AppError('FILE_ERROR', `Cannot read ${path} (${code}).`);
          throw error;
        }
      });
    },
    'evidence/export': async ({ out, selection, withVerifier }) => {
      const { target, secret } = connections.activeTarget();
      const config = pgClientConfig(target, secret, { purpose: 'export evidence', statementTimeoutMs: null });
      const now = new Date();
      const chosen: EvidenceSelection =
        selection.kind === 'time' ? { kind: 'time', from: isoToTimestamp(selection.from), to: isoToTimestamp(selection.to) } : selection;
      const label =
        selection.kind === 'time'
          ? `--from ${selection.from} --to ${selection.to}`
          : selection.kind === 'seals'
            ? `--seals ${selection.first}-${selection.last}`
            : selection.kind === 'filter'
              ? `${filterLabel(selection.filter, now)} (the Audit Log page's filter)` // refuses one that does not parse, before a job starts
              : `${selection.ids.length} ids chosen in the window`;
      const verifier = withVerifier ? verifierText() : undefined;
      return jobs.start('export-evidence', async (job): Promise<EvidenceExportDto> =>
        exportEvidence(
          await config,
          {
            out,
            selection: chosen,
            selectionLabel: label,
            exportedBy: operatorText(connections.operator()),
            consoleVersion,
            verifier,
            now,
          },
          { signal: job.signal, progress: (done, total) => job.progress(done, total) },
        ),
      );
    },
  };
}
