/** The sealed logs from the window: status, the app's signing key, seal and verify jobs (docs/seal-format.md). */
import { z } from 'zod';
import type { JobRef } from '../model/jobs';
import type { SealStatusDto } from '../model/seals';
import { filePath, none, returns, text } from './common';

/** A key name: no spaces, no '+' (docs/seal-format.md §5). */
const keyName = text()
  .min(1)
  .max(255)
  .regex(/^[^\s+]+$/u, 'a key name has no spaces and no "+"');
/** A verifier key line, name+hex8+base64. */
const verifierKey = text()
  .min(12)
  .max(400)
  .regex(/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, 'a verifier key looks like name+1a2b3c4d+base64');

export const sealChannels = {
  'seals/status': { input: none, output: returns<SealStatusDto>() },
  /** Makes the app's signing key (Ed25519), kept encrypted by the OS keychain; refused when one exists. */
  'seals/create-key': { input: z.object({ name: keyName }).strict(), output: returns<{ name: string; vkey: string }>() },
  /** Seals both logs as a job; with the app's key, or a key file whose passphrase is in GOVCON_KEY_PASSPHRASE. */
  'seals/seal': {
    input: z
      .object({
        marginSeconds: z.number().int().min(0).max(86_400).optional(),
        acceptLate: z.boolean().optional(),
        keyFile: filePath.optional(),
      })
      .strict(),
    output: returns<JobRef>(),
  },
  /** verify-db --seals as a job; its result is the seal-v1 report. */
  'seals/verify': {
    input: z.object({ trustedKeys: z.array(verifierKey).min(1).max(32) }).strict(),
    output: returns<JobRef>(),
  },
} as const;
