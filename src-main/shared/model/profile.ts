/**
 * Connection profiles as both processes see them: the schema a person's input must match
 * (validated in main; the renderer builds its forms from the same fields) and the stored
 * shape, which never holds a password. Imports nothing from Node.
 */
import { z } from 'zod';
import { text } from '../contract/common';

/**
 * libpq's sslmode values, with libpq's meanings (platform/db/tls.ts): `allow` tries without TLS
 * first, `prefer` (libpq's default) tries TLS first; both fall back only when the server
 * refuses the first way. `require` and the verify modes never connect without TLS.
 */
export const TLS_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

export interface TlsSettings {
  mode: TlsMode;
  /** PEM file of the CA(s) to trust; absent = the system's trusted roots. */
  caFile?: string;
  /** Client certificate (PEM), for servers that authenticate clients by certificate. */
  certFile?: string;
  /** Private key of the client certificate (PEM, unencrypted). */
  keyFile?: string;
}

export const ENVIRONMENT_COLOURS: Readonly<Record<string, string>> = {
  development: '#16a34a', // green
  staging: '#d97706', // amber
  production: '#dc2626', // red: always, whatever was asked
  local: '#2563eb', // blue
};
export const DEFAULT_ENVIRONMENT_COLOUR = '#6b7280'; // grey
export const PRODUCTION_COLOUR = ENVIRONMENT_COLOURS.production as string;

export const DEFAULT_APPLICATION_NAME = 'governance-console';
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function environmentColour(name: string): string {
  return ENVIRONMENT_COLOURS[name.trim().toLowerCase()] ?? DEFAULT_ENVIRONMENT_COLOUR;
}

export function isProduction(env: { name: string }): boolean {
  return env.name.trim().toLowerCase() === 'production';
}

const idSchema = text().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1 to 64)');
const filePath = text().trim().min(1).max(4096);

export const tlsSchema = z.object({
  mode: z.enum(TLS_MODES),
  caFile: filePath.optional(),
  certFile: filePath.optional(),
  keyFile: filePath.optional(),
});

export const environmentSchema = z.object({
  name: text().trim().min(1).max(40),
  colour: text().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #dc2626'),
});

export const operatorSchema = z.object({
  name: text().trim().min(1).max(255),
  email: z.email().max(255),
});

/** Fields a person edits. Unknown keys (a `password` above all) are refused, not stored. */
export const profileInputSchema = z.strictObject({
  name: text().trim().min(1).max(100),
  host: text().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(5432),
  database: text().min(1).max(63),
  user: text().min(1).max(63),
  tls: tlsSchema.default({ mode: 'disable' }),
  applicationName: text().max(63).default(DEFAULT_APPLICATION_NAME),
  /** For interactive queries; 0 = no limit. Long jobs get their own (see ConnectionManager). */
  statementTimeoutMs: z.number().int().min(0).max(86_400_000).default(DEFAULT_STATEMENT_TIMEOUT_MS),
  connectTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_CONNECT_TIMEOUT_MS),
  environment: z
    .object({ name: environmentSchema.shape.name, colour: environmentSchema.shape.colour.optional() })
    .default({ name: 'development' }),
  /** Absent: read-only for production, read-write otherwise. */
  readOnly: z.boolean().optional(),
  operator: operatorSchema.nullable().default(null),
});

export type ProfileInput = z.input<typeof profileInputSchema>;

/**
 * An edit: the same fields, each optional and with no default, so a field left out keeps
 * its stored value instead of being reset (the store validates the merged profile).
 */
export const profilePatchSchema = z.strictObject({
  name: profileInputSchema.shape.name.optional(),
  host: profileInputSchema.shape.host.optional(),
  port: profileInputSchema.shape.port.unwrap().optional(),
  database: profileInputSchema.shape.database.optional(),
  user: profileInputSchema.shape.user.optional(),
  tls: tlsSchema.optional(),
  applicationName: profileInputSchema.shape.applicationName.unwrap().optional(),
  statementTimeoutMs: profileInputSchema.shape.statementTimeoutMs.unwrap().optional(),
  connectTimeoutMs: profileInputSchema.shape.connectTimeoutMs.unwrap().optional(),
  environment: profileInputSchema.shape.environment.unwrap().optional(),
  readOnly: z.boolean().optional(),
  operator: operatorSchema.nullable().optional(),
});
export type ProfilePatch = z.input<typeof profilePatchSchema>;

export const profileSchema = z.object({
  id: idSchema,
  name: text().min(1).max(100),
  host: text().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  database: text().min(1).max(63),
  user: text().min(1).max(63),
  tls: tlsSchema,
  applicationName: text().max(63),
  statementTimeoutMs: z.number().int().min(0),
  connectTimeoutMs: z.number().int().min(100),
  environment: environmentSchema,
  readOnly: z.boolean(),
  operator: operatorSchema.nullable(),
  hasPassword: z.boolean(),
  createdAt: text(),
  updatedAt: text(),
});

export type ConnectionProfile = z.infer<typeof profileSchema>;
