/** Evidence bundles (docs/seal-format.md §12): verified offline, with no database. */
import { z } from 'zod';
import { MAX_FILTER_LENGTH } from '../model/audit-filter';
import type { JobRef } from '../model/jobs';
import { filePath, returns, text } from './common';

/** A verifier key line (name+hex8+base64), as `--trusted-key` takes it; its form is checked by the handler. */
const verifierKey = text().min(3).max(1024);

/** A UTC time as ISO 8601 (2026-03-11T04:00:00Z). */
const isoTime = text().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]00:?00)?$/, 'a UTC time in ISO 8601');

const selection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('time'), from: isoTime, to: isoTime }).strict(),
  z.object({ kind: z.literal('seals'), first: z.number().int().min(1), last: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('ids'), ids: z.array(text().uuid()).min(1).max(100_000) }).strict(),
  /** The Audit Log page's filter (docs/audit-filter.md), parsed by the handler: the rows the page shows for it. */
  z.object({ kind: z.literal('filter'), filter: text().max(MAX_FILTER_LENGTH) }).strict(),
]);

export const evidenceChannels = {
  /** govcon export-evidence as a job: the chosen sealed rows of audit_logs written as a bundle at `out` (a full path). */
  'evidence/export': {
    input: z.object({ out: filePath, selection, withVerifier: z.boolean().optional() }).strict(),
    output: returns<JobRef>(),
  },
  /** Verifies a bundle file against the trusted keys given; the job's result is its evidence-v1 report. */
  'evidence/verify-bundle': {
    input: z.object({ path: filePath, trustedKeys: z.array(verifierKey).min(1).max(32) }).strict(),
    output: returns<JobRef>(),
  },
} as const;
