/**
 * What a backup reads from the catalogue and a restore compares: the ordinary tables of the
 * `public` schema with their columns (format_type, in column order, generated columns left
 * out), ordered so that a table comes after every table its foreign keys point at; and the
 * sequences.
 */
import type pg from 'pg';
import type { BackupSequence, BackupTable } from '../../integrity/backup-v1';

interface ColumnRow {
  table: string;
  column: string;
  type: string;
}

interface ReferenceRow {
  child: string;
  parent: string;
}

/** Tables in restore order: parents first (foreign keys), then by name. */
export async function readTables(client: pg.Client): Promise<BackupTable[]> {
  const { rows: columns } = await client.query<ColumnRow>(
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type"
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const { rows: references } = await client.query<ReferenceRow>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`,
  );
  const tables = new Map<string, BackupTable>();
  for (const c of columns) {
    let t = tables.get(c.table);
    if (!t) tables.set(c.table, (t = { name: c.table, columns: [] }));
    t.columns.push({ name: c.column, type: c.type });
  }
  const parents = new Map<string, Set<string>>();
  for (const r of references) {
    if (!tables.has(r.child) || !tables.has(r.parent)) continue;
    if (!parents.has(r.child)) parents.set(r.child, new Set());
    parents.get(r.child)!.add(r.parent);
  }
  // Kahn's algorithm, smallest name first: the same order for the same schema.
  const ordered: BackupTable[] = [];
  const done = new Set<string>();
  const names = [...tables.keys()].sort();
  while (ordered.length < names.length) {
    const next = names.find((n) => !done.has(n) && [...(parents.get(n) ?? [])].every((p) => done.has(p)));
    // A cycle of foreign keys (none in the console's schema): the rest by name.
    const pick = next ?? names.find((n) => !done.has(n))!;
    done.add(pick);
    ordered.push(tables.get(pick)!);
  }
  return ordered;
}

export async function readSequences(client: pg.Client): Promise<BackupSequence[]> {
  const { rows } = await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return rows;
}

/** Relations of the `public` schema (tables, views, sequences…): a database with none is empty. */
export async function publicRelations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}
