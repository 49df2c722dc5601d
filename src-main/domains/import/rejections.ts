/** The lines an import does not take: why, in words, and the capped list a result carries. */
import type { JsonlReason } from '../../integrity/jsonl-v1';
import type { ImportRejection as SharedImportRejection } from '../../shared/model/verification';
import type { ImportLineResult, ImportMappingReason } from './map-line';

export type ImportRejectionReason = JsonlReason | ImportMappingReason | 'database-rejected';

export interface ImportRejection extends SharedImportRejection {
  reason: ImportRejectionReason;
}

const NOT_OK_MESSAGES: Record<JsonlReason, string> = {
  'bad-utf8': 'not valid UTF-8',
  bom: 'starts with a byte-order mark',
  blank: 'empty or blank',
  'bad-json': 'not JSON as Python reads it',
  'not-object': 'JSON, but not an object',
  'missing-hash': 'no string integrity_hash',
  'bad-timestamp': 'no valid timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff])',
  'hash-mismatch': 'the integrity hash does not match the line (tampered)',
  'line-too-long': 'longer than the line-length limit (--max-line-bytes)',
};

/** Why line `line` is rejected, from its result when it is not ok or cannot be mapped. */
export function lineRejection(line: number, r: Exclude<ImportLineResult, { status: 'ok' }>): ImportRejection {
  return r.status === 'not-ok'
    ? { line, verdict: r.verdict, reason: r.reason, message: NOT_OK_MESSAGES[r.reason] }
    : { line, verdict: 'ok', reason: r.reason, message: r.message };
}

/** Rejections in the order they come, the first `max` listed and the rest only counted. */
export class RejectionList {
  readonly listed: ImportRejection[] = [];
  notListed = 0;

  constructor(private readonly max: number) {}

  add(rejection: ImportRejection): void {
    if (this.listed.length < this.max) this.listed.push(rejection);
    else this.notListed++;
  }
}
