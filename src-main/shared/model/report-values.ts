/**
 * The parts of the govcon/v2 report shape (report.ts) that code needs at run time, without
 * zod: the version, the outcomes, a finding with its defaults and the outcome rule. A command
 * that builds a report (verify-file above all) imports these and stays quick to start;
 * report.ts holds the schemas that check the shape, and proves at compile time that
 * {@link Finding} is exactly what its schema accepts.
 */

export const REPORT_VERSION = 'govcon/v2';

export const REPORT_OUTCOMES = ['clean', 'findings'] as const;
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** One thing found (report.ts's findingSchema). */
export interface Finding {
  kind: string;
  reason: string | null;
  /** 1-based line number, row ordinal or leaf index, as the format defines. */
  position: number | null;
  /** The row's id (audit_logs.id) when the finding is about a row. */
  id: string | null;
  /** The line of an input file, when the finding is about one. */
  line: number | null;
  /** The 1-based seal number, when the finding is about a seal. */
  seal: number | null;
  /** Anything else the kind defines (hashes, columns that differ, a count…); null when none. */
  detail: unknown;
}

/** A finding with every optional field null: `finding('empty', { reason: 'no-lines' })`. */
export function finding(kind: string, fields: Partial<Omit<Finding, 'kind'>> = {}): Finding {
  return { kind, reason: null, position: null, id: null, line: null, seal: null, detail: null, ...fields };
}

/** `findings` exactly when something was found, listed or not. */
export function outcomeOf(findings: readonly unknown[], notListed: number): ReportOutcome {
  return findings.length + notListed > 0 ? 'findings' : 'clean';
}

/** The finding every report carries when there was nothing to judge (an empty file, no rows). */
export const EMPTY_KIND = 'empty';
