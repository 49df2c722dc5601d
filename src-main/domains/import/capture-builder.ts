/**
 * The parse builder behind map-line.ts: it writes the canonical text of every value as it is
 * read (exactly as jsonl-v1's own builder does, so the line's hash can be recomputed) and keeps
 * aside, per object, the members the mapping may need, with their kind, decoded value and
 * whether PostgreSQL could store them. One parse per line serves both the verdict and the row.
 */
import { pyFloatRepr, pyQuote } from '../../integrity/python-json-dumps';
import { joinCanonicalMembers, type PyJsonBuilder } from '../../integrity/python-json-parse';
import { unstorableText } from './value-checks';

/** What the builder keeps of a member it may need for the mapping. */
export interface Captured {
  kind: ValueKind;
  /** The canonical text (json.dumps) of the value. */
  canon: string;
  /** For a string: its decoded value. */
  str: string | null;
  /** For a number: its value as a double. */
  num: number;
  /** Why the value cannot be stored in PostgreSQL (jsonb or text), or null. */
  bad: string | null;
  /** For an object: its captured members. */
  obj: ObjectFrame | null;
}

export type ValueKind = 'string' | 'int' | 'float' | 'null' | 'bool' | 'object' | 'array';

export interface ObjectFrame {
  members: Map<string, string>;
  captured: Map<string, Captured> | null;
  bad: string | null;
}

export interface ArrayFrame {
  items: string[];
  bad: string | null;
}

/** Member names the mapping reads, at whatever depth (anything else is only hashed). */
const CAPTURE = new Set([
  'trace_id',
  'timestamp',
  'integrity_hash',
  'aim',
  'actor',
  'name',
  'email',
  'role',
  'input',
  'sources',
  'constraints',
  'mission',
  'objective',
  'success_criteria',
  'drag_mode',
  'workflow_name',
  'parameters',
  'outcome',
  'error',
  'duration_seconds',
]);

/**
 * Writes the canonical text of every value as it is read (like jsonl-v1's own builder) and
 * keeps aside, per object, the members the mapping may need.
 */
export class CapturingBuilder implements PyJsonBuilder<string, ObjectFrame, ArrayFrame> {
  private depth = 0;
  private lastKind: ValueKind = 'null';
  private lastStr: string | null = null;
  private lastNum = 0;
  private lastBad: string | null = null;
  private lastObj: ObjectFrame | null = null;
  top: ObjectFrame | null = null;

  string(decoded: string, quoted: string | null): string {
    this.lastKind = 'string';
    this.lastStr = decoded;
    this.lastBad = quoted === null ? unstorableText(decoded) : null;
    this.lastObj = null;
    return quoted ?? pyQuote(decoded);
  }
  int(text: string): string {
    this.lastKind = 'int';
    this.lastStr = null;
    this.lastNum = Number(text);
    this.lastBad = null;
    this.lastObj = null;
    return text === '-0' ? '0' : text;
  }
  float(value: number): string {
    this.lastKind = 'float';
    this.lastStr = null;
    this.lastNum = value;
    this.lastBad = Number.isFinite(value) ? null : `holds ${pyFloatRepr(value)}, which JSON in PostgreSQL cannot hold`;
    this.lastObj = null;
    return pyFloatRepr(value);
  }
  constant(value: null | boolean): string {
    this.lastKind = value === null ? 'null' : 'bool';
    this.lastStr = null;
    this.lastBad = null;
    this.lastObj = null;
    return value === null ? 'null' : value ? 'true' : 'false';
  }
  openObject(): ObjectFrame {
    this.depth++;
    return { members: new Map(), captured: null, bad: null };
  }
  member(object: ObjectFrame, key: string, quotedKey: string | null, value: string): void {
    object.members.set(key, (quotedKey ?? pyQuote(key)) + ': ' + value);
    if (this.lastBad !== null && object.bad === null) object.bad = this.lastBad;
    if (quotedKey === null && object.bad === null) {
      const badKey = unstorableText(key);
      if (badKey !== null) object.bad = `has a key that ${badKey}`;
    }
    // What the mapping reads is at most three objects deep (aim.actor.name).
    if (this.depth <= 3 && CAPTURE.has(key)) {
      (object.captured ??= new Map()).set(key, {
        kind: this.lastKind,
        canon: value,
        str: this.lastStr,
        num: this.lastNum,
        bad: this.lastBad,
        obj: this.lastObj,
      });
    }
  }
  closeObject(object: ObjectFrame): string {
    this.lastKind = 'object';
    this.lastStr = null;
    this.lastBad = object.bad;
    this.lastObj = object;
    if (--this.depth === 0) {
      this.top = object;
      return '';
    }
    return joinCanonicalMembers(object.members);
  }
  openArray(): ArrayFrame {
    this.depth++;
    return { items: [], bad: null };
  }
  item(array: ArrayFrame, value: string): void {
    array.items.push(value);
    if (this.lastBad !== null && array.bad === null) array.bad = this.lastBad;
  }
  closeArray(array: ArrayFrame): string {
    this.depth--;
    this.lastKind = 'array';
    this.lastStr = null;
    this.lastBad = array.bad;
    this.lastObj = null;
    return array.items.length === 0 ? '[]' : '[' + array.items.join(', ') + ']';
  }
}
