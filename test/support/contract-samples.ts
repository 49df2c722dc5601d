/**
 * Inputs generated from the IPC contract's zod schemas: one valid sample per channel, and
 * every path of that sample (and of each union option) that holds a string. Used to send
 * hostile strings through every string field of every channel without listing them by hand:
 * a field added to the contract is covered the day it is added.
 */
import type { z } from 'zod';

type Schema = z.ZodType;
type Path = (string | number)[];

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  keyType?: Schema;
  valueType?: Schema;
  entries?: Record<string, string>;
  values?: unknown[];
  in?: Schema;
  defaultValue?: unknown;
}

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strings the contract's checks accept between them (ids, uuids, e-mail, colours, names). */
const STRING_CANDIDATES = [
  'abc',
  '7e57c0de-0000-4000-8000-000000000001',
  'someone@example.org',
  '#dc2626',
  'abc_def',
  'a',
  '2026-01-01T00:00:00Z',
  '2026-01-01T00:00:00.000000Z',
  // A verifier key line (golang.org/x/mod/sumdb/note's published key).
  'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
];
const NUMBER_CANDIDATES = [1, 0, 10, 100, 1000];

function first<T>(schema: Schema, candidates: readonly T[]): T {
  const found = candidates.find((c) => schema.safeParse(c).success);
  if (found === undefined) throw new Error(`no sample value fits a ${defOf(schema).type} schema`);
  return found;
}

/** A value the schema accepts (the first option of a union, optional fields left out). */
export function sampleOf(schema: Schema): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const t = defOf(field).type;
        if (t === 'optional') continue;
        out[key] = sampleOf(field);
      }
      return out;
    }
    case 'string':
      return first(schema, STRING_CANDIDATES);
    case 'number':
      return first(schema, NUMBER_CANDIDATES);
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'array': {
      const item = sampleOf(def.element!);
      return first(schema, [[item], [item, item]]);
    }
    case 'union':
      return sampleOf(def.options![0]!);
    case 'optional':
    case 'nullable':
      return sampleOf(def.innerType!);
    case 'default':
    case 'prefault':
      return sampleOf(def.innerType!);
    case 'record':
      return {};
    case 'pipe':
      return sampleOf(def.in!);
    case 'unknown':
    case 'any':
      return null;
    default:
      throw new Error(`sampleOf: no sample for a ${def.type} schema`);
  }
}

export interface StringField {
  /** Where the string goes in the input. */
  path: Path;
  /** A valid input with a sample at `path` (optional fields on the way filled in). */
  input: unknown;
  /** The sample string that stands there. */
  value: string;
  /** A record's key rather than a value. */
  isKey: boolean;
}

/** Every place a string can stand in an input of `schema`, each with a valid input around it. */
export function stringFields(schema: Schema): StringField[] {
  const out: StringField[] = [];
  const walk = (node: Schema, path: Path, build: (value: unknown) => unknown): void => {
    const def = defOf(node);
    switch (def.type) {
      case 'string': {
        const value = first(node, STRING_CANDIDATES);
        out.push({ path, input: build(value), value, isKey: false });
        return;
      }
      case 'object': {
        const base = sampleOf(node) as Record<string, unknown>;
        for (const [key, field] of Object.entries(def.shape ?? {})) {
          walk(field, [...path, key], (v) => build({ ...base, [key]: v }));
        }
        return;
      }
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
        return walk(def.innerType!, path, build);
      case 'pipe':
        return walk(def.in!, path, build);
      case 'array':
        return walk(def.element!, [...path, 0], (v) => build([v]));
      case 'union':
        def.options!.forEach((option) => walk(option, path, build));
        return;
      case 'record': {
        const key = first(def.keyType!, STRING_CANDIDATES);
        out.push({ path: [...path, key], input: build({ [key]: 'x' }), value: key, isKey: true });
        // A string value inside the record: the record's value type decides whether it is taken.
        out.push({ path: [...path, key], input: build({ [key]: 'abc' }), value: 'abc', isKey: false });
        return;
      }
      default:
        return;
    }
  };
  walk(schema, [], (v) => v);
  return out;
}

/** Puts `value` at `path` in a copy of `input` (a record key is renamed instead when `isKey`). */
export function withValue(input: unknown, path: Path, value: string, isKey: boolean): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(input)) {
    const copy = [...input];
    copy[head as number] = withValue(copy[head as number], rest, value, isKey);
    return copy;
  }
  const copy = { ...(input as Record<string, unknown>) };
  if (isKey && rest.length === 0) {
    const inner = copy[head as string];
    delete copy[head as string];
    copy[value] = inner;
    return copy;
  }
  copy[head as string] = withValue(copy[head as string], rest, value, isKey);
  return copy;
}
