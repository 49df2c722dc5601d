/**
 * What every report states besides its findings (shared/model/report.ts): with which console,
 * by whom and when, and what was judged — the file's bytes or the database's snapshot.
 */
import path from 'node:path';
import type { Operator } from '../../../shared/model/operator';
import type { DatabaseSubject, FileSubject } from '../../../shared/model/report';
import type { DatabaseSnapshot, FileFacts } from '../../../shared/model/verification';

/** Who judged, with which console, and when the judgement finished. */
export interface ReportFacts {
  console_version: string;
  operator: string;
  /** UTC, ISO 8601. */
  at: string;
}

/** `Name <email>`, or the name alone. */
export function operatorText(operator: Operator | string): string {
  if (typeof operator === 'string') return operator;
  return operator.email ? `${operator.name} <${operator.email}>` : operator.name;
}

export function reportFacts(consoleVersion: string, operator: Operator | string, at: Date = new Date()): ReportFacts {
  return { console_version: consoleVersion, operator: operatorText(operator), at: at.toISOString() };
}

export function fileSubject(file: FileFacts): FileSubject {
  return { type: 'file', path: file.path, name: path.basename(file.path), size: file.size, sha256: file.sha256 };
}

export function databaseSubject(snapshot: DatabaseSnapshot, rows: number): DatabaseSubject {
  return { type: 'database', ...snapshot, rows };
}
