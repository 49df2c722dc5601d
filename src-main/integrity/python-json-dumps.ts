/**
 * Python's `json.dumps(obj, sort_keys=True)` with its other defaults (`ensure_ascii=True`,
 * `allow_nan=True`, separators `", "` and `": "`), output as a JavaScript string that is
 * pure ASCII (so its UTF-8 bytes are its characters).
 */
import { PyFloat, PyInt, sortByCodePoints } from './py-value';
import type { PyValue } from './py-value';

/**
 * What the encoder accepts: everything `json.loads` returns ({@link PyValue}), plus plain
 * JavaScript objects (as dicts), readonly arrays and maps, and bigints (as ints). A plain
 * JavaScript `number` is refused: whether it is an int or a float is exactly what
 * Python's output depends on, so say it with {@link PyInt}/{@link PyFloat}.
 */
export type PyJsonInput =
  PyValue | bigint | readonly PyJsonInput[] | ReadonlyMap<string, PyJsonInput> | { readonly [key: string]: PyJsonInput };

/** Escape of each ASCII code unit as Python writes it; '' when it stands for itself. */
const ASCII_ESCAPES: string[] = [];
for (let c = 0; c < 128; c++) {
  if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) ASCII_ESCAPES.push('');
  else ASCII_ESCAPES.push('\\u' + c.toString(16).padStart(4, '0'));
}
ASCII_ESCAPES[0x22] = '\\"';
ASCII_ESCAPES[0x5c] = '\\\\';
ASCII_ESCAPES[0x08] = '\\b';
ASCII_ESCAPES[0x0c] = '\\f';
ASCII_ESCAPES[0x0a] = '\\n';
ASCII_ESCAPES[0x0d] = '\\r';
ASCII_ESCAPES[0x09] = '\\t';

/** Characters Python writes as themselves: printable ASCII but `"` and `\`. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * A string as Python's `json.dumps` writes it with `ensure_ascii=True`, quotes included:
 * printable ASCII as itself, `\"` `\\` `\n` `\r` `\t` `\b` `\f`, everything else as
 * lowercase `\uXXXX` (characters above U+FFFF as their surrogate pair; unpaired surrogates
 * as themselves).
 */
export function pyQuote(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 128) {
      esc = ASCII_ESCAPES[c]!;
      if (esc === '') continue;
    } else {
      esc = c < 0x1000 ? (c < 0x100 ? '\\u00' : '\\u0') + c.toString(16) : '\\u' + c.toString(16);
    }
    if (i > start) out += s.slice(start, i);
    out += esc;
    start = i + 1;
  }
  if (start < n) out += s.slice(start);
  return out + '"';
}

/** `\\uXXXX` (lowercase hex, four digits) for a UTF-16 code unit of 0x80 or more. */
function uEscape(c: number): string {
  return (c < 0x1000 ? (c < 0x100 ? '\\u00' : '\\u0') : '\\u') + c.toString(16);
}

/**
 * {@link pyQuote} of a string given as its UTF-8 bytes, one character per byte (as
 * `buffer.toString('latin1')` gives them), which must be valid UTF-8: the same output as
 * `pyQuote` of the decoded string. It lets verify-db hash rows without decoding them to
 * UTF-16 (its text stays one byte per character, and byte offsets are string offsets).
 */
export function pyQuoteUtf8Bytes(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 128) {
      esc = ASCII_ESCAPES[c]!;
      if (esc === '') continue;
    } else if (c < 0xe0) {
      // Two bytes: 110xxxxx 10xxxxxx.
      esc = uEscape(((c & 0x1f) << 6) | (s.charCodeAt(i + 1) & 0x3f));
      if (i > start) out += s.slice(start, i);
      out += esc;
      i += 1;
      start = i + 1;
      continue;
    } else if (c < 0xf0) {
      esc = uEscape(((c & 0x0f) << 12) | ((s.charCodeAt(i + 1) & 0x3f) << 6) | (s.charCodeAt(i + 2) & 0x3f));
      if (i > start) out += s.slice(start, i);
      out += esc;
      i += 2;
      start = i + 1;
      continue;
    } else {
      // Four bytes: a code point above U+FFFF, written as its surrogate pair.
      const cp =
        ((c & 0x07) << 18) | ((s.charCodeAt(i + 1) & 0x3f) << 12) | ((s.charCodeAt(i + 2) & 0x3f) << 6) | (s.charCodeAt(i + 3) & 0x3f);
      const v = cp - 0x10000;
      esc = uEscape(0xd800 + (v >> 10)) + uEscape(0xdc00 + (v & 0x3ff));
      if (i > start) out += s.slice(start, i);
      out += esc;
      i += 3;
      start = i + 1;
      continue;
    }
    if (i > start) out += s.slice(start, i);
    out += esc;
    start = i + 1;
  }
  if (start < n) out += s.slice(start);
  return out + '"';
}

/**
 * Python's `repr(float)` (as `json.dumps` writes a float): the shortest digits that read
 * back as the same double, always with a `.0` or an exponent; scientific notation when the
 * decimal exponent is below -4 or at least 16, with a signed exponent of at least two
 * digits. Non-finite values as `json.dumps` writes them: `NaN`, `Infinity`, `-Infinity`.
 */
export function pyFloatRepr(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    // JavaScript writes these in positional notation with the same shortest digits.
    const s = String(x);
    return s.indexOf('.') === -1 ? s + '.0' : s;
  }
  // toExponential() with no argument also gives the shortest round-trip digits.
  const e = a.toExponential();
  const ePos = e.indexOf('e');
  const mantissa = e.slice(0, ePos);
  const exp = Number(e.slice(ePos + 1));
  const absExp = exp < 0 ? -exp : exp;
  return (x < 0 ? '-' : '') + mantissa + (exp < 0 ? 'e-' : 'e+') + (absExp < 10 ? '0' : '') + absExp;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

interface Frame {
  /** The container, for cycle detection. */
  container: object;
  values: readonly unknown[];
  /** Sorted keys for a dict, null for a list. */
  keys: string[] | null;
  next: number;
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return (v.constructor as { name?: string } | undefined)?.name ?? 'object';
  return typeof v;
}

/** Nesting the recursive encoder handles before handing over to the iterative one. */
const RECURSION_LIMIT = 2000;

class TooDeep extends Error {}

/** The recursive encoder: the fast path for values of reasonable depth. */
function encode(v: unknown, depth: number): string {
  if (typeof v === 'string') return pyQuote(v);
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v !== 'object') {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') throw new TypeError(`plain number ${v}: say whether it is an int or a float with PyInt/PyFloat`);
    throw new TypeError(`Object of type ${describe(v)} is not JSON serializable`);
  }
  if (v instanceof PyInt) return v.toString();
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (depth >= RECURSION_LIMIT) throw new TooDeep();
  if (Array.isArray(v)) {
    const n = v.length;
    if (n === 0) return '[]';
    let out = '[' + encode(v[0], depth + 1);
    for (let i = 1; i < n; i++) out += ', ' + encode(v[i], depth + 1);
    return out + ']';
  }
  if (v instanceof Map) {
    if (v.size === 0) return '{}';
    const keys: string[] = [];
    for (const k of v.keys()) {
      if (typeof k !== 'string') throw new TypeError(`keys must be strings, not ${typeof k}`);
      keys.push(k);
    }
    if (keys.length > 1) sortByCodePoints(keys);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      out += (i === 0 ? '' : ', ') + pyQuote(k) + ': ' + encode(v.get(k), depth + 1);
    }
    return out + '}';
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    if (keys.length > 1) sortByCodePoints(keys);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      out += (i === 0 ? '' : ', ') + pyQuote(k) + ': ' + encode((v as Record<string, unknown>)[k], depth + 1);
    }
    return out + '}';
  }
  throw new TypeError(`Object of type ${describe(v)} is not JSON serializable`);
}

/**
 * `json.dumps(value, sort_keys=True)`: keys sorted by code point at every depth. Depth is
 * bounded by memory only (values nested deeper than a couple of thousand levels go to an
 * iterative encoder); a cycle throws a TypeError, as Python raises "Circular reference
 * detected".
 */
export function pyDumps(value: PyJsonInput): string {
  try {
    return encode(value, 0);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    return pyDumpsIterative(value);
  }
}

function pyDumpsIterative(value: PyJsonInput): string {
  let out = '';
  const stack: Frame[] = [];
  const onPath = new Set<object>();
  let v: unknown = value;
  for (;;) {
    // Write v, or open it when it is a non-empty container.
    let opened = false;
    if (typeof v === 'string') out += pyQuote(v);
    else if (v === null) out += 'null';
    else if (v === true) out += 'true';
    else if (v === false) out += 'false';
    else if (v instanceof PyInt) out += v.toString();
    else if (v instanceof PyFloat) out += pyFloatRepr(v.value);
    else if (typeof v === 'bigint') out += v.toString();
    else if (typeof v === 'object') {
      let frame: Frame;
      if (Array.isArray(v)) {
        if (v.length === 0) {
          out += '[]';
        } else {
          frame = { container: v, values: v, keys: null, next: 0 };
          opened = true;
        }
      } else if (v instanceof Map || isPlainObject(v)) {
        let keys: string[];
        let values: unknown[];
        if (v instanceof Map) {
          keys = [];
          for (const k of v.keys()) {
            if (typeof k !== 'string') throw new TypeError(`keys must be strings, not ${typeof k}`);
            keys.push(k);
          }
          sortByCodePoints(keys);
          values = keys.map((k) => (v as Map<string, unknown>).get(k));
        } else {
          keys = sortByCodePoints(Object.keys(v));
          values = keys.map((k) => (v as Record<string, unknown>)[k]);
        }
        if (keys.length === 0) {
          out += '{}';
        } else {
          frame = { container: v, values, keys, next: 0 };
          opened = true;
        }
      } else {
        throw new TypeError(`Object of type ${describe(v)} is not JSON serializable`);
      }
      if (opened) {
        if (onPath.has(v)) throw new TypeError('Circular reference detected');
        onPath.add(v);
        stack.push(frame!);
        out += frame!.keys === null ? '[' : '{' + pyQuote(frame!.keys[0]!) + ': ';
        v = frame!.values[0];
        frame!.next = 1;
        continue;
      }
    } else if (typeof v === 'number') {
      throw new TypeError(`plain number ${v}: say whether it is an int or a float with PyInt/PyFloat`);
    } else {
      throw new TypeError(`Object of type ${describe(v)} is not JSON serializable`);
    }
    // v is written: close finished containers, move to the next element.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return out;
      const i = top.next;
      if (i < top.values.length) {
        top.next = i + 1;
        out += top.keys === null ? ', ' : ', ' + pyQuote(top.keys[i]!) + ': ';
        v = top.values[i];
        break;
      }
      out += top.keys === null ? ']' : '}';
      onPath.delete(top.container);
      stack.pop();
    }
  }
}
