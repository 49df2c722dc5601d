/** Demo data for an empty database, from the window (govcon demo is the command line's way). */
import { z } from 'zod';
import type { JobRef } from '../model/jobs';
import { returns } from './common';

/** Audit rows the window offers to generate at most (the command line goes further). */
export const MAX_WINDOW_DEMO_ROWS = 100_000;

export const demoChannels = {
  /** Fills an initialised database that has no audit entries yet; refused (CONFLICT) on one that has. */
  'demo/generate': { input: z.object({ rows: z.number().int().min(1).max(MAX_WINDOW_DEMO_ROWS) }).strict(), output: returns<JobRef>() },
} as const;
