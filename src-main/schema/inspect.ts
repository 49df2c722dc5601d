import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/**
 * A normalised description of one schema, read from the catalogue (pg_catalog).
 *
 * Everything is keyed and sorted by name so two descriptions can be compared with a deep
 * equality; definitions are PostgreSQL's own deparsed text (pg_get_constraintdef,
 * pg_get_indexdef, pg_get_viewdef, pg_get_triggerdef) with the schema qualifier removed,
 * so the same DDL gives the same description whatever the schema is called.
 */
export interface SchemaDescription {
  schema: string;
  /** Installed extensions (database-wide), by name. */
  extensions: Record<string, { version: string; schema: string }>;
  /** Ordinary and partitioned tables. */
  tables: Record<string, TableDescription>;
  /** Views and materialised views. */
  views: Record<string, ViewDescription>;
  /** Functions of the schema that do not belong to an extension, keyed `name(args)`. */
  functions: Record<string, FunctionDescription>;
  /** User-defined (non-internal) triggers, keyed `table.trigger`. */
  triggers: Record<string, TriggerDescription>;
}

export interface ColumnDescription {
  name: string;
  /** format_type(): `character varying(255)`, `timestamp without time zone`, `text[]`… */
  type: string;
  notNull: boolean;
  /** pg_get_expr() of the default, or null. */
  default: string | null;
}

export interface ConstraintDescription {
  name: string;
  /** p = primary key, u = unique, f = foreign key, c = check, x = exclusion, t = trigger. */
  type: string;
  definition: string;
}

export interface IndexDescription {
  name: string;
  definition: string;
  unique: boolean;
  primary: boolean;
  /** The constraint this index implements (primary key, unique), if any. */
  constraint: string | null;
}

export interface TableDescription {
  name: string;
  /** In column order (attnum). */
  columns: ColumnDescription[];
  constraints: Record<string, ConstraintDescription>;
  indexes: Record<string, IndexDescription>;
}

export interface ViewDescription {
  name: string;
  materialized: boolean;
  /** In column order. */
  columns: Array<{ name: string; type: string }>;
  definition: string;
}

export interface FunctionDescription {
  name: string;
  arguments: string;
  result: string;
  language: string;
  /** prosrc: the body as written (whitespace kept). */
  body: string;
}

export interface TriggerDescription {
  name: string;
  table: string;
  definition: string;
}

export interface InspectOptions {
  /** Defaults to current_schema(). */
  schema?: string;
  transaction?: Transaction | null;
}

function sorted<T>(entries: Array<[string, T]>): Record<string, T> {
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** Removes `schema.` qualifiers PostgreSQL puts in index and trigger definitions. */
function unqualify(definition: string, schema: string): string {
  const plain = /^[a-z_][a-z0-9_$]*$/.test(schema) ? schema : `"${schema.replace(/"/g, '""')}"`;
  return definition.split(` ON ${plain}.`).join(' ON ');
}

/** Reads the catalogue of one schema (the current one by default). Read-only. */
export async function inspectSchema(sequelize: Sequelize, options: InspectOptions = {}): Promise<SchemaDescription> {
  const transaction = options.transaction ?? null;
  const select = <T extends object>(sql: string, bind: unknown[] = []) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, bind, transaction });

  let schema = options.schema;
  if (schema === undefined) {
    const [row] = await select<{ schema: string | null }>('SELECT current_schema() AS schema');
    schema = row?.schema ?? 'public';
  }

  const [extensions, relations, columns, constraints, indexes, functions, triggers] = await Promise.all([
    select<{ name: string; version: string; schema: string }>(
      `SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
    ),
    select<{ name: string; kind: string; definition: string | null }>(
      `SELECT c.relname AS name, c.relkind::text AS kind,
              CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
      [schema],
    ),
    select<{ relation: string; name: string; type: string; not_null: boolean; default: string | null }>(
      `SELECT c.relname AS relation, a.attname AS name,
              format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')
          AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
      [schema],
    ),
    select<{ relation: string; name: string; type: string; definition: string }>(
      `SELECT c.relname AS relation, co.conname AS name, co.contype::text AS type,
              pg_get_constraintdef(co.oid) AS definition
         FROM pg_constraint co
         JOIN pg_class c ON c.oid = co.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1`,
      [schema],
    ),
    select<{ relation: string; name: string; definition: string; unique: boolean; primary: boolean; constraint: string | null }>(
      `SELECT t.relname AS relation, i.relname AS name, pg_get_indexdef(i.oid) AS definition,
              x.indisunique AS unique, x.indisprimary AS primary,
              (SELECT co.conname FROM pg_constraint co
                WHERE co.conindid = i.oid AND co.conrelid = t.oid AND co.contype IN ('p', 'u', 'x')
                LIMIT 1) AS constraint
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1`,
      [schema],
    ),
    select<{ name: string; arguments: string; result: string; language: string; body: string }>(
      `SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments,
              coalesce(pg_get_function_result(p.oid), '') AS result, l.lanname AS language,
              coalesce(p.prosrc, '') AS body
         FROM pg_proc p
         JOIN pg_namespace n ON n.oid = p.pronamespace
         JOIN pg_language l ON l.oid = p.prolang
        WHERE n.nspname = $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                           WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
      [schema],
    ),
    select<{ name: string; relation: string; definition: string }>(
      `SELECT tg.tgname AS name, c.relname AS relation, pg_get_triggerdef(tg.oid) AS definition
         FROM pg_trigger tg
         JOIN pg_class c ON c.oid = tg.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND NOT tg.tgisinternal`,
      [schema],
    ),
  ]);

  const columnsOf = new Map<string, ColumnDescription[]>();
  for (const c of columns) {
    const list = columnsOf.get(c.relation) ?? [];
    list.push({ name: c.name, type: c.type, notNull: c.not_null, default: c.default });
    columnsOf.set(c.relation, list);
  }

  const tables: Array<[string, TableDescription]> = [];
  const views: Array<[string, ViewDescription]> = [];
  for (const r of relations) {
    const cols = columnsOf.get(r.name) ?? [];
    if (r.kind === 'v' || r.kind === 'm') {
      views.push([
        r.name,
        {
          name: r.name,
          materialized: r.kind === 'm',
          columns: cols.map((c) => ({ name: c.name, type: c.type })),
          definition: (r.definition ?? '').trim(),
        },
      ]);
    } else {
      const own = <T extends { relation: string; name: string }>(rows: T[]) => rows.filter((x) => x.relation === r.name);
      tables.push([
        r.name,
        {
          name: r.name,
          columns: cols,
          constraints: sorted(own(constraints).map((c) => [c.name, { name: c.name, type: c.type, definition: c.definition }])),
          indexes: sorted(
            own(indexes).map((i) => [
              i.name,
              {
                name: i.name,
                definition: unqualify(i.definition, schema),
                unique: i.unique,
                primary: i.primary,
                constraint: i.constraint,
              },
            ]),
          ),
        },
      ]);
    }
  }

  return {
    schema,
    extensions: sorted(extensions.map((e) => [e.name, { version: e.version, schema: e.schema }])),
    tables: sorted(tables),
    views: sorted(views),
    functions: sorted(
      functions.map((f) => [
        `${f.name}(${f.arguments})`,
        { name: f.name, arguments: f.arguments, result: f.result, language: f.language, body: f.body },
      ]),
    ),
    triggers: sorted(
      triggers.map((t) => [`${t.relation}.${t.name}`, { name: t.name, table: t.relation, definition: unqualify(t.definition, schema) }]),
    ),
  };
}

/** Collapses runs of white space, for comparing bodies written with other indentation. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
