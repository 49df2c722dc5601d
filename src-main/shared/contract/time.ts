/** The schema of a time a filter takes (see model/time-range.ts). */
import { ISO_UTC_INPUT_HINT, ISO_UTC_INPUT_RE } from '../model/time-range';
import { text } from './common';

export const isoUtc = text().regex(ISO_UTC_INPUT_RE, ISO_UTC_INPUT_HINT);
