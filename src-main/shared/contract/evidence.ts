/** Evidence bundles (docs/seal-format.md §12): verified offline, with no database. */
import { z } from 'zod';
import type { JobRef } from '../model/jobs';
import { filePath, returns, text } from './common';

/** A verifier key line (name+hex8+base64), as `--trusted-key` takes it; its form is checked by the handler. */
const verifierKey = text().min(3).max(1024);

export const evidenceChannels = {
  /** Verifies a bundle file against the trusted keys given; the job's result is its evidence-v1 report. */
  'evidence/verify-bundle': {
    input: z.object({ path: filePath, trustedKeys: z.array(verifierKey).min(1).max(32) }).strict(),
    output: returns<JobRef>(),
  },
} as const;
