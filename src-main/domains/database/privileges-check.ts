/**
 * `govcon harden --check`: every grant, ownership or membership that would let someone change
 * or remove rows of the history tables (audit_logs, console_events, the import custody, the seal
 * tables), as a report of the one shape (shared/model/report.ts, `privileges-v1`). Read-only.
 *
 * - `grant`: UPDATE, DELETE, TRUNCATE or TRIGGER (a trigger can alter every later row) on a
 *   history table, to a role other than its owner or to PUBLIC. On the seal tables UPDATE is the
 *   sealer's own work (seals are signed, and checked against checkpoints kept outside), so only
 *   DELETE, TRUNCATE and TRIGGER count there;
 * - `column-grant`: UPDATE on one column of a history table;
 * - `default-grant`: default privileges that would give those rights on tables created later;
 * - `ownership`: an owner that can log in (an owner may do anything to its table);
 * - `schema-ownership`: the owner of the schema (it may drop the tables), when it can log in;
 * - `membership`: a role that is a member, directly or not, of any role above, and so has its rights.
 * Superusers pass every check; they are listed apart (`superusers`), since every server has one.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { finding, outcomeOf, REPORT_VERSION, type Finding, type PrivilegesReport } from '../../shared/model/report';
import { CONSOLE_VERSION } from '../../shared/version';
import { HISTORY_TABLES } from './harden';

const MAX_LISTED = 1000;

interface AclRow {
  table: string;
  column: string | null;
  grantee: string;
  grantee_oid: string;
  privilege: string;
  owner: string;
}

const SCOPE = `n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND (c.relname = ANY($1) OR c.relname LIKE 'console\\_seal%')`;

const TABLE_ACL = `
  SELECT c.relname AS "table", NULL AS "column", CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
         a.grantee::text AS grantee_oid, a.privilege_type AS privilege, pg_get_userbyid(c.relowner) AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
   WHERE ${SCOPE} AND a.grantee <> c.relowner
  UNION ALL
  SELECT c.relname, att.attname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
         a.grantee::text, a.privilege_type, pg_get_userbyid(c.relowner)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute att ON att.attrelid = c.oid AND att.attnum > 0 AND NOT att.attisdropped AND att.attacl IS NOT NULL
   CROSS JOIN LATERAL aclexplode(att.attacl) a
   WHERE ${SCOPE} AND a.grantee <> c.relowner
   ORDER BY 1, 2 NULLS FIRST, 3, 5`;

const OWNERS = `
  SELECT c.relname AS "table", c.relowner::text AS oid, r.rolname AS owner, r.rolcanlogin AS login
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner
   WHERE ${SCOPE}
   ORDER BY 1`;

/** The schema's owner; pg_database_owner (PostgreSQL 15's public schema) stands for the database's owner. */
const SCHEMA_OWNER = `
  SELECT n.nspname AS schema, r.oid::text AS oid, r.rolname AS owner, r.rolcanlogin AS login
    FROM pg_namespace n
    JOIN pg_database d ON d.datname = current_database()
    JOIN pg_roles r ON r.oid = CASE WHEN pg_get_userbyid(n.nspowner) = 'pg_database_owner' THEN d.datdba ELSE n.nspowner END
   WHERE n.nspname = current_schema()`;

const DEFAULT_ACL = `
  SELECT pg_get_userbyid(d.defaclrole) AS creator, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
         a.grantee::text AS grantee_oid, a.privilege_type AS privilege
    FROM pg_default_acl d
   CROSS JOIN LATERAL aclexplode(d.defaclacl) a
   WHERE d.defaclobjtype = 'r' AND (d.defaclnamespace = 0 OR d.defaclnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
     AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER')
   ORDER BY 1, 2, 4`;

const MEMBERS = `
  WITH RECURSIVE m(member, holder) AS (
    SELECT am.member, am.roleid FROM pg_auth_members am WHERE am.roleid = ANY($1::oid[])
    UNION
    SELECT am.member, m.holder FROM pg_auth_members am JOIN m ON am.roleid = m.member
  )
  SELECT r.rolname AS member, pg_get_userbyid(m.holder) AS holder, r.rolcanlogin AS login
    FROM m JOIN pg_roles r ON r.oid = m.member
   ORDER BY 2, 1`;

const SERVER = `
  SELECT current_setting('server_version') AS version, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         coalesce(host(inet_server_addr()), 'local socket') AS addr`;

function rewrites(row: AclRow): boolean {
  if (row.column !== null) return row.privilege === 'UPDATE';
  const seal = row.table.startsWith('console_seal');
  return (seal ? ['DELETE', 'TRUNCATE', 'TRIGGER'] : ['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']).includes(row.privilege);
}

export interface CheckPrivilegesOptions {
  /** Who asked, for the report. */
  operator: string;
}

/** Who could rewrite history in this database, as a `privileges-v1` report. */
export async function checkPrivileges(sequelize: Sequelize, options: CheckPrivilegesOptions): Promise<PrivilegesReport> {
  const q = <T extends object>(sql: string, bind: unknown[] = []) => sequelize.query<T>(sql, { type: QueryTypes.SELECT, bind });
  const history = [...HISTORY_TABLES];
  const [acl, owners, schemaOwners, defaults, superusers, [server]] = await Promise.all([
    q<AclRow>(TABLE_ACL, [history]),
    q<{ table: string; oid: string; owner: string; login: boolean }>(OWNERS, [history]),
    q<{ schema: string; oid: string; owner: string; login: boolean }>(SCHEMA_OWNER),
    q<{ creator: string; grantee: string; grantee_oid: string; privilege: string }>(DEFAULT_ACL),
    q<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolsuper AND rolcanlogin ORDER BY 1'),
    q<{ version: string; at: string; addr: string }>(SERVER),
  ]);

  const findings: Finding[] = [];
  /** Roles whose rights reach history: their members are findings too. */
  const holders = new Set<string>();
  for (const row of acl.filter(rewrites)) {
    findings.push(
      finding(row.column === null ? 'grant' : 'column-grant', {
        reason: row.privilege.toLowerCase(),
        detail: { role: row.grantee, table: row.table, column: row.column, privilege: row.privilege },
      }),
    );
    if (row.grantee_oid !== '0') holders.add(row.grantee_oid);
  }
  for (const d of defaults) {
    findings.push(
      finding('default-grant', {
        reason: d.privilege.toLowerCase(),
        detail: { role: d.grantee, privilege: d.privilege, on: `tables created later by ${d.creator}` },
      }),
    );
    if (d.grantee_oid !== '0') holders.add(d.grantee_oid);
  }
  for (const o of owners) {
    holders.add(o.oid);
    if (o.login) findings.push(finding('ownership', { reason: 'owner-can-log-in', detail: { role: o.owner, table: o.table } }));
  }
  for (const s of schemaOwners) {
    holders.add(s.oid);
    if (s.login) findings.push(finding('schema-ownership', { reason: 'owner-can-log-in', detail: { role: s.owner, schema: s.schema } }));
  }
  const members = await q<{ member: string; holder: string; login: boolean }>(MEMBERS, [[...holders]]);
  for (const m of members) {
    findings.push(finding('membership', { reason: m.login ? 'member-can-log-in' : 'member', detail: { role: m.member, of: m.holder } }));
  }

  const examined = acl.length + defaults.length + owners.length + schemaOwners.length + members.length;
  const listed = findings.slice(0, MAX_LISTED);
  const notListed = findings.length - listed.length;
  const c = sequelize.config;
  return {
    report: REPORT_VERSION,
    format: 'privileges-v1',
    outcome: outcomeOf(listed, notListed),
    subject: {
      type: 'database',
      server: `${c.host ?? server!.addr}:${c.port ?? 5432}`,
      server_version: server!.version,
      database: c.database,
      snapshot_at: server!.at,
      rows: owners.length,
    },
    total: examined,
    ok: examined - findings.length,
    findings: listed,
    findings_not_listed: notListed,
    method:
      'Read from the catalogue: table and column grants (UPDATE, DELETE, TRUNCATE, TRIGGER), default privileges, ownership of the ' +
      'tables and their schema by roles that can log in, and memberships in those roles, for audit_logs, console_events, import ' +
      'custody and the seal tables.',
    not_covered:
      'Superusers (listed apart) and anyone with access to the server’s files or backups can still rewrite anything; ' +
      'only seals checked against checkpoints kept outside the database show that they did.',
    console_version: CONSOLE_VERSION,
    operator: options.operator,
    at: new Date().toISOString(),
    tables: owners.map((o) => o.table),
    superusers: superusers.map((s) => s.rolname),
  };
}
