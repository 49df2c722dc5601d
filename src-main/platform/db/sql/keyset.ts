/** Keyset pagination: ORDER BY (sort value, id) with a cursor instead of OFFSET, index friendly at any depth. */
import { type Sequelize } from 'sequelize';
import type { CursorState } from './cursor';
import { Params } from './params';
import { select } from './query';

/**
 * The keyset condition "after the cursor row" for ORDER BY expr <dir> NULLS <nulls>, id <dir>.
 * `expr` and `id` are constant SQL; the cursor's value and id are bound (`cast` e.g. ::timestamp).
 */
export function keysetCondition(
  p: Params,
  expr: string,
  idExpr: string,
  dir: 'asc' | 'desc',
  nulls: 'first' | 'last',
  cursor: CursorState,
  cast: string,
): string {
  const op = dir === 'asc' ? '>' : '<';
  const id = `${p.add(cursor.id)}::uuid`;
  if (cursor.v === null) {
    return nulls === 'last' ? `(${expr} IS NULL AND ${idExpr} ${op} ${id})` : `(${expr} IS NOT NULL OR ${idExpr} ${op} ${id})`;
  }
  const v = `${p.add(cursor.v)}${cast}`;
  const after = `(${expr} ${op} ${v} OR (${expr} = ${v} AND ${idExpr} ${op} ${id}))`;
  return nulls === 'last' ? `(${after} OR ${expr} IS NULL)` : after;
}

export interface KeysetSpec {
  /** FROM clause (constant SQL), e.g. `users u`. */
  from: string;
  /** Select list (constant SQL, or built with the query's parameters); rows must have `id`. */
  columns: string | ((p: Params) => string);
  /** The sort column (constant SQL) and the row's id column. */
  expr: string;
  idExpr: string;
  /** Cast for the cursor's value, e.g. `::timestamp`. */
  cast: string;
  nullable: boolean;
  dir: 'asc' | 'desc';
}

/**
 * One page ordered by (expr, id) in `dir`, NULL sort values last, after `cursor`. Index
 * friendly: the non-NULL part uses a row comparison `(expr, id) < ($v, $id)` that a btree
 * index on (expr, id) answers by a range scan, and the NULL part (only reached at the end)
 * is a second query. The page's ids are chosen first on the bare columns (an InitPlan), and
 * only those rows are fetched by primary key and formatted (to_char on every candidate row
 * would cost more than the scan; `id IN (…)` lets the planner hash-join the whole table).
 * `filters` adds the WHERE terms (called once per query, bound anew).
 * Returns up to `want` rows, each with `sort_value` = the sort column as cursor text.
 */
export async function keysetPage<R extends { id: string; sort_value: string | null }>(
  sequelize: Sequelize,
  spec: KeysetSpec,
  filters: (p: Params) => string[],
  cursor: CursorState | null,
  want: number,
  sortValueSql: string,
): Promise<R[]> {
  const op = spec.dir === 'asc' ? '>' : '<';
  const dir = spec.dir.toUpperCase();
  const rows: R[] = [];
  if (!cursor || cursor.v !== null) {
    const p = new Params();
    const columns = typeof spec.columns === 'string' ? spec.columns : spec.columns(p);
    const where = filters(p);
    if (spec.nullable) where.push(`${spec.expr} IS NOT NULL`);
    if (cursor) where.push(`(${spec.expr}, ${spec.idExpr}) ${op} (${p.add(cursor.v)}${spec.cast}, ${p.add(cursor.id)}::uuid)`);
    const sql = `SELECT ${columns}, ${sortValueSql} AS sort_value FROM ${spec.from}
      WHERE ${spec.idExpr} = ANY (ARRAY(
        SELECT ${spec.idExpr} FROM ${spec.from}
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${spec.expr} ${dir}, ${spec.idExpr} ${dir} LIMIT ${p.add(want)}))
      ORDER BY ${spec.expr} ${dir}, ${spec.idExpr} ${dir}`;
    rows.push(...(await select<R>(sequelize, sql, p.values)));
  }
  if (spec.nullable && rows.length < want) {
    const p = new Params();
    const columns = typeof spec.columns === 'string' ? spec.columns : spec.columns(p);
    const where = filters(p);
    where.push(`${spec.expr} IS NULL`);
    if (cursor && cursor.v === null) where.push(`${spec.idExpr} ${op} ${p.add(cursor.id)}::uuid`);
    const sql = `SELECT ${columns}, NULL::text AS sort_value FROM ${spec.from}
      WHERE ${spec.idExpr} = ANY (ARRAY(
        SELECT ${spec.idExpr} FROM ${spec.from} WHERE ${where.join(' AND ')}
         ORDER BY ${spec.idExpr} ${dir} LIMIT ${p.add(want - rows.length)}))
      ORDER BY ${spec.idExpr} ${dir}`;
    rows.push(...(await select<R>(sequelize, sql, p.values)));
  }
  return rows;
}

// ---------- validation ----------
