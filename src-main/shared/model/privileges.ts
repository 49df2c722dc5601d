/** Findings of the privileges check (`govcon harden --check`, the Database page) in words: one wording for both. */
import type { Finding } from './report';

export function describePrivilegeFinding(f: Finding): string {
  const d = (f.detail ?? {}) as Record<string, string | null>;
  switch (f.kind) {
    case 'grant':
      return `${d.role} may ${d.privilege} ${d.table}`;
    case 'column-grant':
      return `${d.role} may UPDATE ${d.table}.${d.column}`;
    case 'default-grant':
      return `${d.role} will get ${d.privilege} on ${d.on}`;
    case 'ownership':
      return `${d.role} owns ${d.table} and can log in (an owner may alter, empty or drop it)`;
    case 'schema-ownership':
      return `${d.role} owns schema ${d.schema} and can log in (it may drop the tables)`;
    case 'membership':
      return `${d.role} is a member of ${d.of}${f.reason === 'member-can-log-in' ? ' and can log in' : ''}, so has its rights`;
    default:
      return `${f.kind} ${JSON.stringify(f.detail)}`;
  }
}
