/**
 * The one report shape every judgement prints (`govcon … --json`, the JSON report file, and
 * what the window shows): version 2 of the output, `govcon/v2`, described in docs/cli.md.
 * Defined once here as zod schemas, so the command line, the window and the tests agree;
 * tests parse every `--json` output with `reportSchema`.
 *
 * Rules: fields that do not apply are null, never absent; counts stay at the top level;
 * `findings` lists what was found (at most a limit, the rest counted in
 * `findings_not_listed`); `outcome` is `findings` exactly when anything was found, and the
 * command then exits 1. An input with nothing to judge (an empty file, a table with no rows)
 * is itself a finding of kind `empty`: an auditor must never get a clean result for nothing.
 * Every report says what it judged (`subject`: the bytes' SHA-256 and size, or the server,
 * database, snapshot time and row count), how (`method`), what that cannot see
 * (`not_covered`), with which console, by whom and when.
 *
 * The values code needs at run time (version, `finding()`, `outcomeOf()`) live in
 * report-values.ts, without zod, so that a command builds a report without loading zod.
 */
import { z } from 'zod';
import { REPORT_OUTCOMES, REPORT_VERSION, type Finding as FindingFields } from './report-values';

export { EMPTY_KIND, REPORT_OUTCOMES, REPORT_VERSION, finding, outcomeOf, type ReportOutcome } from './report-values';

/** One thing found. `position`: 1-based line number, row ordinal or leaf index, as the format defines. */
export const findingSchema = z
  .object({
    kind: z.string().min(1),
    reason: z.string().nullable(),
    position: z.number().int().positive().nullable(),
    /** The row's id (audit_logs.id) when the finding is about a row. */
    id: z.string().nullable(),
    /** The line of an input file, when the finding is about one. */
    line: z.number().int().positive().nullable(),
    /** The 1-based seal number, when the finding is about a seal. */
    seal: z.number().int().positive().nullable(),
    /** Anything else the kind defines (hashes, columns that differ, a count…); null when none. */
    detail: z.unknown(),
  })
  .strict();
export type Finding = z.infer<typeof findingSchema>;

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
/** Compiles only while report-values.ts's Finding is exactly what findingSchema accepts. */
export type FindingMatchesSchema = AssertTrue<SameKeys<Required<Finding>, Required<FindingFields>>>;

/** What a file judgement judged: the bytes, identified so the report is tied to them. */
export const fileSubjectSchema = z
  .object({
    type: z.literal('file'),
    /** As given on the command line or in the window. */
    path: z.string(),
    name: z.string(),
    size: z.number().int().nonnegative(),
    /** Lowercase hex SHA-256 of exactly the bytes judged. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** What a database judgement judged: the server, the database and the snapshot read. */
export const databaseSubjectSchema = z
  .object({
    type: z.literal('database'),
    /** host:port as connected (never a password). */
    server: z.string(),
    server_version: z.string().nullable(),
    database: z.string(),
    /** The snapshot's time on the server (UTC, ISO 8601): what the counts describe. */
    snapshot_at: z.string().nullable(),
    /** Rows of the table judged in that snapshot. */
    rows: z.number().int().nonnegative(),
  })
  .strict();

export const subjectSchema = z.discriminatedUnion('type', [fileSubjectSchema, databaseSubjectSchema]);
export type ReportSubject = z.infer<typeof subjectSchema>;
export type FileSubject = z.infer<typeof fileSubjectSchema>;
export type DatabaseSubject = z.infer<typeof databaseSubjectSchema>;

/** One line or row with its verdict, listed only with `--all`. */
export const entrySchema = z
  .object({
    position: z.number().int().positive(),
    verdict: z.string(),
    reason: z.string().nullable(),
    id: z.string().nullable(),
  })
  .strict();
export type ReportEntry = z.infer<typeof entrySchema>;

const base = {
  report: z.literal(REPORT_VERSION),
  outcome: z.enum(REPORT_OUTCOMES),
  subject: subjectSchema,
  /** Lines, rows or leaves judged. */
  total: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  findings: z.array(findingSchema),
  findings_not_listed: z.number().int().nonnegative(),
  /** How the subject was judged, in words (the format names the method; this says what it did). */
  method: z.string(),
  /** What this method cannot see: stated with every result, in words. */
  not_covered: z.string(),
  console_version: z.string(),
  /** Who ran it (the profile's operator, --operator, or the OS account). */
  operator: z.string(),
  /** When the judgement finished (UTC, ISO 8601). */
  at: z.string(),
  /** With --all: every line or row and its verdict. */
  entries: z.array(entrySchema).optional(),
};

export const dbV1ReportSchema = z
  .object({ ...base, format: z.literal('db-v1'), tampered: z.number().int(), unverifiable: z.number().int() })
  .strict();
export const jsonlV1ReportSchema = z
  .object({ ...base, format: z.literal('jsonl-v1'), tampered: z.number().int(), malformed: z.number().int() })
  .strict();

/** An import of audit.jsonl: what was written, what was already there, what was refused. */
export const importReportSchema = z
  .object({
    ...base,
    format: z.literal('jsonl-v1-import'),
    import_id: z.string(),
    event_id: z.string().nullable(),
    imported: z.number().int(),
    already_present: z.number().int(),
    duplicates: z.number().int(),
    matched_existing: z.number().int(),
    /** Lines whose row exists (same trace_id and db-v1 hash) but whose other columns differ. */
    differs: z.number().int(),
    rejected: z.number().int(),
    duration_ms: z.number().int(),
  })
  .strict();

/** Re-verification of imported rows against the raw lines kept in custody. */
export const custodyReportSchema = z
  .object({
    ...base,
    format: z.literal('custody-v1'),
    failed: z.number().int(),
    /** The scope checked: one import run's lines, one row's line, or (both null) every custody line. */
    import_id: z.string().nullable(),
    audit_log_id: z.string().nullable(),
  })
  .strict();

/** The sealed log (docs/seal-format.md): rows against leaves, seals, signatures, checkpoints. */
export const sealReportSchema = z
  .object({
    ...base,
    format: z.literal('seal-v1'),
    sealed_rows: z.number().int(),
    unsealed_rows: z.number().int(),
    seals: z.number().int(),
    /** db-v1 of the same rows, run in the same pass. */
    db_v1: z.object({ tampered: z.number().int(), unverifiable: z.number().int() }).strict().nullable(),
    signers: z.array(z.object({ name: z.string(), key_id: z.string(), trusted: z.boolean() }).strict()),
  })
  .strict();

/**
 * Who could rewrite history (`govcon harden --check`): each grant, ownership or membership that
 * lets a role change or remove rows of the history tables is a finding (kinds `grant`,
 * `column-grant`, `default-grant`, `ownership`, `schema-ownership`, `membership`). Superusers pass
 * every check; every server has one, so they are listed apart, not as findings.
 */
export const privilegesReportSchema = z
  .object({
    ...base,
    format: z.literal('privileges-v1'),
    /** The tables judged: audit_logs, console_events, custody, seal tables. */
    tables: z.array(z.string()),
    /** Roles with SUPERUSER that can log in. */
    superusers: z.array(z.string()),
  })
  .strict();

/**
 * An evidence bundle verified offline (docs/seal-format.md §12, govcon-evidence/v1): its rows
 * against their leaves, the leaves against signed checkpoints, every member against the manifest.
 */
export const evidenceReportSchema = z
  .object({
    ...base,
    format: z.literal('evidence-v1'),
    /** The sealed table the rows are from, and the log's origin (null when the manifest could not be read). */
    table: z.string().nullable(),
    origin: z.string().nullable(),
    runs: z.number().int(),
    checkpoints: z.array(
      z
        .object({
          member: z.string(),
          size: z.number().int(),
          root: z.string(),
          trusted: z.boolean(),
          signers: z.array(z.object({ name: z.string(), key_id: z.string(), trusted: z.boolean() }).strict()),
        })
        .strict(),
    ),
    /** keys.txt: the keys the bundle carries, shown and never trusted. */
    keys_in_bundle: z.array(z.string()),
    /** The manifest's labels (what was asked for, when, by whom): shown, not proven. */
    labels: z
      .object({ selection: z.string(), exported_at: z.string(), exported_by: z.string(), console_version: z.string() })
      .strict()
      .nullable(),
  })
  .strict();

/**
 * A backup made, checked or restored (govcon-backup/1, docs/formats.md "Backups"): `operation`
 * says which. The subject is the database for `backup`, the file for `verify` and `restore`.
 * A fault of the file is one finding (kind: what is wrong; detail: where, and the message).
 */
export const backupReportSchema = z
  .object({
    ...base,
    format: z.literal('backup-v1'),
    operation: z.enum(['backup', 'verify', 'restore']),
    /** The backup's id from its header; null when the header could not be read. */
    backup_id: z.string().nullable(),
    /** The backup file (for `backup`, the file written; else the file read). */
    file: z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string() }).strict(),
    /** The database the backup was taken of, from its header. */
    source: z.object({ server: z.string(), database: z.string(), server_version: z.string(), snapshot_at: z.string() }).strict().nullable(),
    /** For `restore`: the database written. */
    target: z.object({ server: z.string(), database: z.string(), server_version: z.string() }).strict().nullable(),
    /** Per table, in the file's order: rows, bytes and SHA-256 of its COPY text. */
    tables: z.array(z.object({ table: z.string(), rows: z.number().int(), bytes: z.number().int(), sha256: z.string() }).strict()),
    /** How long taking the backup took (from its trailer). */
    backup_duration_ms: z.number().int().nullable(),
    /** How long reading and checking the file took. */
    verify_duration_ms: z.number().int().nullable(),
    /** For `restore`: from connecting to the target to the commit (after the file was verified). */
    restore_duration_ms: z.number().int().nullable(),
  })
  .strict();

export const reportSchema = z.discriminatedUnion('format', [
  dbV1ReportSchema,
  jsonlV1ReportSchema,
  importReportSchema,
  custodyReportSchema,
  sealReportSchema,
  privilegesReportSchema,
  evidenceReportSchema,
  backupReportSchema,
]);

export type DbV1Report = z.infer<typeof dbV1ReportSchema>;
export type JsonlV1Report = z.infer<typeof jsonlV1ReportSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
export type CustodyReport = z.infer<typeof custodyReportSchema>;
export type SealReport = z.infer<typeof sealReportSchema>;
export type PrivilegesReport = z.infer<typeof privilegesReportSchema>;
export type EvidenceReport = z.infer<typeof evidenceReportSchema>;
export type BackupReport = z.infer<typeof backupReportSchema>;
export type Report = z.infer<typeof reportSchema>;
export type ReportFormat = Report['format'];
