import { describe, expect, it } from 'vitest';
import type { SchemaDescription, TableDescription } from '../../../src-main/schema/inspect';
import {
  canonicalDefault,
  diffServiceSchema,
  SERVICE_FUNCTION,
  SERVICE_TABLES,
  SERVICE_TRIGGER,
  SERVICE_VIEWS,
} from '../../../src-main/schema/service-schema';
import { quoteIdentifier } from '../../../src-main/domains/database/database-admin';

/** A description with exactly the service's schema, built from the expectations themselves. */
function complete(): SchemaDescription {
  const tables: Record<string, TableDescription> = {};
  for (const [name, t] of Object.entries(SERVICE_TABLES)) {
    tables[name] = {
      name,
      columns: t.columns.map(([n, type, notNull, def]) => ({ name: n, type, notNull, default: def })),
      constraints: Object.fromEntries(t.constraints.map(([n, type, definition]) => [n, { name: n, type, definition }])),
      indexes: Object.fromEntries(
        t.indexes.map(([n, definition]) => [n, { name: n, definition, unique: false, primary: false, constraint: null }]),
      ),
    };
  }
  return {
    schema: 'public',
    extensions: { 'uuid-ossp': { version: '1.1', schema: 'public' } },
    tables,
    views: Object.fromEntries(
      Object.entries(SERVICE_VIEWS).map(([name, cols]) => [
        name,
        { name, materialized: false, columns: cols.map(([n, type]) => ({ name: n, type })), definition: '' },
      ]),
    ),
    functions: {
      [SERVICE_FUNCTION.key]: {
        name: 'update_updated_at_column',
        arguments: '',
        result: 'trigger',
        language: 'plpgsql',
        body: '\nBEGIN\n    NEW.updated_at = NOW();\n    RETURN NEW;\nEND;\n',
      },
    },
    triggers: {
      'users.trigger_users_updated_at': {
        name: SERVICE_TRIGGER.name,
        table: 'users',
        definition: SERVICE_TRIGGER.definition,
      },
    },
  };
}

describe('comparing a catalogue with the service schema', () => {
  it('finds nothing in an empty schema', () => {
    const empty: SchemaDescription = { schema: 'public', extensions: {}, tables: {}, views: {}, functions: {}, triggers: {} };
    expect(diffServiceSchema(empty).found).toEqual([]);
  });

  it('accepts the complete schema, with its 5 tables, 4 views, function and trigger', () => {
    const report = diffServiceSchema(complete());
    expect(report.problems).toEqual([]);
    expect(report.found).toHaveLength(11);
  });

  it('accepts generated key names that differ, but not a missing named check', () => {
    const d = complete();
    const users = d.tables.users!;
    users.constraints.users_email_unique = { ...users.constraints.users_email_key!, name: 'users_email_unique' };
    delete users.constraints.users_email_key;
    expect(diffServiceSchema(d).problems).toEqual([]);
    delete users.constraints.users_role_check;
    expect(diffServiceSchema(d).problems).toEqual([expect.stringMatching(/^table users: missing constraint users_role_check \(CHECK/)]);
  });

  it('reports a function with another body, and a trigger written with EXECUTE PROCEDURE as the same', () => {
    const d = complete();
    d.triggers['users.trigger_users_updated_at']!.definition = SERVICE_TRIGGER.definition.replace('EXECUTE FUNCTION', 'EXECUTE PROCEDURE');
    expect(diffServiceSchema(d).problems).toEqual([]);
    d.functions[SERVICE_FUNCTION.key]!.body = 'BEGIN RETURN NEW; END;';
    expect(diffServiceSchema(d).problems).toEqual([expect.stringContaining('has another body')]);
  });

  it('treats equivalent spellings of a default as the same', () => {
    expect(canonicalDefault('CURRENT_TIMESTAMP')).toBe('now()');
    expect(canonicalDefault('now()')).toBe('now()');
    expect(canonicalDefault("'{read}'::text[]")).toBe("ARRAY['read'::text]");
    expect(canonicalDefault('public.uuid_generate_v4()')).toBe('uuid_generate_v4()');
    expect(canonicalDefault("'{}'::jsonb")).toBe("'{}'::jsonb");
    expect(canonicalDefault(null)).toBeNull();
  });
});

describe('quoting identifiers', () => {
  it('doubles quotes and keeps everything else', () => {
    expect(quoteIdentifier('governance')).toBe('"governance"');
    expect(quoteIdentifier('a "b" c')).toBe('"a ""b"" c"');
    expect(quoteIdentifier("x'; DROP DATABASE y; --")).toBe(`"x'; DROP DATABASE y; --"`);
    expect(quoteIdentifier('données')).toBe('"données"');
  });

  it('refuses empty, over-long (in bytes) and control-character names', () => {
    expect(() => quoteIdentifier('')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => quoteIdentifier('a'.repeat(64))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(quoteIdentifier('a'.repeat(63))).toHaveLength(65);
    expect(() => quoteIdentifier('é'.repeat(32))).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => quoteIdentifier('a\nb')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});
