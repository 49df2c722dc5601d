/** The schema of a time a filter takes (see model/time-range.ts). */
import { z } from 'zod';
import { ISO_UTC_INPUT_HINT, ISO_UTC_INPUT_RE } from '../model/time-range';

export const isoUtc = z.string().regex(ISO_UTC_INPUT_RE, ISO_UTC_INPUT_HINT);
