/**
 * A JSON parser that accepts and rejects exactly what Python's `json.loads(str)` does
 * (CPython's C scanner, strict mode):
 *
 * - `NaN`, `Infinity`, `-Infinity` are floats; `-NaN`, `+1`, `.5`, `1.`, `01` are errors;
 * - a number is a float when its text has `.`, `e` or `E`, else an int; a float that
 *   overflows is `Infinity`; an int literal of more than 4,300 digits is an error (Python's
 *   `int_max_str_digits`);
 * - a string may not hold a raw U+0000–U+001F; escapes are `\" \\ \/ \b \f \n \r \t \uXXXX`
 *   only; unpaired surrogates from `\u` escapes are kept;
 * - a repeated key keeps its first position and its last value;
 * - only space, tab, CR and LF count as whitespace, before and after the value;
 * - nesting deeper than {@link PY_JSON_MAX_DEPTH} containers is an error (Python raises
 *   RecursionError near its recursion limit of 1,000). The parser is iterative: no input
 *   can exhaust the JavaScript stack.
 *
 * One grammar, several outputs: the scanner hands each value to a {@link PyJsonBuilder}.
 * {@link parsePyJson} builds {@link PyValue}s; {@link canonicalPyJson} writes what
 * `json.dumps(json.loads(text), sort_keys=True)` writes without building the value first.
 *
 * Kept in one file (about 450 lines) on purpose: it is one grammar driven by one iterative
 * scanner loop, and reading it whole is how it is checked against CPython's scanner.
 */
import { PyFloat, PyInt, sortByCodePoints } from './py-value';
import type { PyDict, PyValue } from './py-value';
import { pyFloatRepr, pyQuote } from './python-json-dumps';

/** Deepest nesting of arrays/objects accepted (Python: "about 1,000", see the module note). */
export const PY_JSON_MAX_DEPTH = 1000;
/** Python's default `sys.get_int_max_str_digits()`. */
export const PY_INT_MAX_STR_DIGITS = 4300;

export class PyJsonError extends SyntaxError {
  /** Offset (UTF-16 code units) in the text where the problem was found. */
  readonly pos: number;
  constructor(message: string, pos: number) {
    super(`${message} (at ${pos})`);
    this.name = 'PyJsonError';
    this.pos = pos;
  }
}

export interface PyJsonParseOptions {
  /** Deepest nesting accepted; default {@link PY_JSON_MAX_DEPTH}. */
  maxDepth?: number;
}

/**
 * Receives the values the scanner reads, innermost first. `V` is what a value becomes,
 * `O`/`A` an object/array being filled.
 */
export interface PyJsonBuilder<V, O, A> {
  /**
   * A string; `quoted` is its source text with the quotes when that is exactly how
   * `json.dumps` writes it (printable ASCII, no escape), else null.
   */
  string(decoded: string, quoted: string | null): V;
  int(text: string): V;
  float(value: number, text: string): V;
  constant(value: null | boolean): V;
  openObject(): O;
  /** A member, in source order (a repeated key comes again). */
  member(object: O, key: string, quotedKey: string | null, value: V): void;
  closeObject(object: O): V;
  openArray(): A;
  item(array: A, value: V): void;
  closeArray(array: A): V;
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

class Scanner<V, O, A> {
  private readonly s: string;
  private readonly b: PyJsonBuilder<V, O, A>;
  private pos = 0;
  /** Set by readString: the source text of the string read, quotes included, when plain. */
  private quoted: string | null = null;

  constructor(s: string, builder: PyJsonBuilder<V, O, A>) {
    this.s = s;
    this.b = builder;
  }

  private fail(message: string, at = this.pos): never {
    throw new PyJsonError(message, at);
  }

  private skipWs(): void {
    const s = this.s;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === LF || c === CR || c === TAB) i++;
      else break;
    }
    this.pos = i;
  }

  /**
   * Reads a string whose opening quote is at pos - 1; leaves pos after the closing quote
   * and `quoted` set to the source text when it needs no escaping.
   */
  private readString(): string {
    const s = this.s;
    const begin = this.pos;
    let i = begin;
    let plain = true;
    // Fast path: no escape.
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        this.quoted = plain ? s.slice(begin - 1, i + 1) : null;
        return s.slice(begin, i);
      }
      if (c === BACKSLASH) break;
      if (c < 0x20 || c !== c) {
        // A control character, or the end of the text (NaN).
        if (c !== c) this.fail('Unterminated string starting at', begin - 1);
        this.fail('Invalid control character at', i);
      }
      if (c > 0x7e) plain = false;
      i++;
    }
    this.quoted = null;
    let out = s.slice(begin, i);
    let chunk = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        out += s.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c === BACKSLASH) {
        out += s.slice(chunk, i);
        const e = s.charCodeAt(i + 1);
        switch (e) {
          case 0x22:
            out += '"';
            break;
          case 0x5c:
            out += '\\';
            break;
          case 0x2f:
            out += '/';
            break;
          case 0x62:
            out += '\b';
            break;
          case 0x66:
            out += '\f';
            break;
          case 0x6e:
            out += '\n';
            break;
          case 0x72:
            out += '\r';
            break;
          case 0x74:
            out += '\t';
            break;
          case 0x75: {
            let v = 0;
            for (let k = 2; k < 6; k++) {
              const h = hexValue(s.charCodeAt(i + k));
              if (h < 0) this.fail('Invalid \\uXXXX escape', i);
              v = (v << 4) | h;
            }
            // A UTF-16 code unit: a high surrogate escape followed by a low one makes the
            // pair, as Python joins them; any other surrogate stays unpaired, as in Python.
            out += String.fromCharCode(v);
            i += 4;
            break;
          }
          default:
            if (e !== e) this.fail('Unterminated string starting at', begin - 1);
            this.fail('Invalid \\escape', i);
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c < 0x20 || c !== c) {
        if (c !== c) this.fail('Unterminated string starting at', begin - 1);
        this.fail('Invalid control character at', i);
      }
      i++;
    }
  }

  /** Reads a number or -Infinity at pos. */
  private readNumber(): V {
    const s = this.s;
    const start = this.pos;
    let i = start;
    let c = s.charCodeAt(i);
    if (c === MINUS) {
      i++;
      c = s.charCodeAt(i);
      if (c === 0x49 /* I */ && s.startsWith('Infinity', i)) {
        this.pos = i + 8;
        return this.b.float(-Infinity, '-Infinity');
      }
    }
    if (c === ZERO) {
      i++;
    } else if (c > ZERO && c <= NINE) {
      i++;
      while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    } else {
      this.fail('Expecting value', start);
    }
    let isFloat = false;
    if (s.charCodeAt(i) === DOT && (c = s.charCodeAt(i + 1)) >= ZERO && c <= NINE) {
      i += 2;
      while ((c = s.charCodeAt(i)) >= ZERO && c <= NINE) i++;
      isFloat = true;
    }
    c = s.charCodeAt(i);
    if (c === 0x65 || c === 0x45) {
      // An exponent counts only when digits follow; else the number ends before the 'e'.
      let j = i + 1;
      c = s.charCodeAt(j);
      if (c === 0x2b || c === MINUS) c = s.charCodeAt(++j);
      if (c >= ZERO && c <= NINE) {
        j++;
        while ((c = s.charCodeAt(j)) >= ZERO && c <= NINE) j++;
        i = j;
        isFloat = true;
      }
    }
    this.pos = i;
    const text = s.slice(start, i);
    if (isFloat) return this.b.float(Number(text), text);
    const digits = s.charCodeAt(start) === MINUS ? i - start - 1 : i - start;
    if (digits > PY_INT_MAX_STR_DIGITS) {
      this.fail(`Exceeds the limit (${PY_INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits`, start);
    }
    return this.b.int(text);
  }

  /** Reads `"key"` + whitespace + `:` + whitespace, at pos (which must be at the quote). */
  private readKey(): string {
    if (this.s.charCodeAt(this.pos) !== QUOTE) this.fail('Expecting property name enclosed in double quotes');
    this.pos++;
    const key = this.readString();
    this.skipWs();
    if (this.s.charCodeAt(this.pos) !== COLON) this.fail("Expecting ':' delimiter");
    this.pos++;
    this.skipWs();
    return key;
  }

  parse(maxDepth: number): V {
    const s = this.s;
    const b = this.b;
    // Open containers, innermost last; for an object, the key being read and its quoted form.
    const stack: (O | A)[] = [];
    const isObject: boolean[] = [];
    const keys: string[] = [];
    const quotedKeys: (string | null)[] = [];
    this.skipWs();
    for (;;) {
      // Read a value at pos (whitespace already skipped).
      let value: V;
      const c = s.charCodeAt(this.pos);
      if (c === QUOTE) {
        this.pos++;
        const decoded = this.readString();
        value = b.string(decoded, this.quoted);
      } else if (c === LBRACE || c === LBRACKET) {
        if (stack.length >= maxDepth) this.fail('maximum recursion depth exceeded while decoding a JSON document');
        this.pos++;
        this.skipWs();
        if (c === LBRACE) {
          const object = b.openObject();
          if (s.charCodeAt(this.pos) === RBRACE) {
            this.pos++;
            value = b.closeObject(object);
          } else {
            const depth = stack.length;
            stack.push(object);
            isObject[depth] = true;
            keys[depth] = this.readKey();
            quotedKeys[depth] = this.quoted;
            continue;
          }
        } else {
          const array = b.openArray();
          if (s.charCodeAt(this.pos) === RBRACKET) {
            this.pos++;
            value = b.closeArray(array);
          } else {
            isObject[stack.length] = false;
            stack.push(array);
            continue;
          }
        }
      } else if ((c >= ZERO && c <= NINE) || c === MINUS) {
        value = this.readNumber();
      } else if (c === 0x6e /* n */ && s.startsWith('null', this.pos)) {
        this.pos += 4;
        value = b.constant(null);
      } else if (c === 0x74 /* t */ && s.startsWith('true', this.pos)) {
        this.pos += 4;
        value = b.constant(true);
      } else if (c === 0x66 /* f */ && s.startsWith('false', this.pos)) {
        this.pos += 5;
        value = b.constant(false);
      } else if (c === 0x4e /* N */ && s.startsWith('NaN', this.pos)) {
        this.pos += 3;
        value = b.float(NaN, 'NaN');
      } else if (c === 0x49 /* I */ && s.startsWith('Infinity', this.pos)) {
        this.pos += 8;
        value = b.float(Infinity, 'Infinity');
      } else {
        this.fail('Expecting value');
      }
      // Store the value in its container; close containers that end here.
      for (;;) {
        const depth = stack.length;
        if (depth === 0) {
          this.skipWs();
          if (this.pos !== s.length) this.fail('Extra data');
          return value;
        }
        const top = stack[depth - 1]!;
        const inObject = isObject[depth - 1]!;
        if (inObject) b.member(top as O, keys[depth - 1]!, quotedKeys[depth - 1]!, value);
        else b.item(top as A, value);
        this.skipWs();
        const d = s.charCodeAt(this.pos);
        if (d === COMMA) {
          this.pos++;
          this.skipWs();
          if (inObject) {
            keys[depth - 1] = this.readKey();
            quotedKeys[depth - 1] = this.quoted;
          }
          break; // read the next element
        }
        if (d === (inObject ? RBRACE : RBRACKET)) {
          this.pos++;
          stack.pop();
          value = inObject ? b.closeObject(top as O) : b.closeArray(top as A);
          continue;
        }
        this.fail("Expecting ',' delimiter");
      }
    }
  }
}

/** Runs the scanner over `text` with any builder (see {@link PyJsonBuilder}). */
export function scanPyJson<V, O, A>(text: string, builder: PyJsonBuilder<V, O, A>, options?: PyJsonParseOptions): V {
  if (text.charCodeAt(0) === 0xfeff) throw new PyJsonError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  return new Scanner(text, builder).parse(options?.maxDepth ?? PY_JSON_MAX_DEPTH);
}

const TREE_BUILDER: PyJsonBuilder<PyValue, PyDict, PyValue[]> = {
  string: (decoded) => decoded,
  int: (text) => new PyInt(text),
  float: (value, text) => new PyFloat(value, text),
  constant: (value) => value,
  openObject: () => new Map(),
  member: (object, key, _quotedKey, value) => {
    object.set(key, value);
  },
  closeObject: (object) => object,
  openArray: () => [],
  item: (array, value) => {
    array.push(value);
  },
  closeArray: (array) => array,
};

/**
 * Python's `json.loads(text)` for a `str`: throws {@link PyJsonError} where Python raises
 * (JSONDecodeError, or ValueError/RecursionError for the limits).
 */
export function parsePyJson(text: string, options?: PyJsonParseOptions): PyValue {
  return scanPyJson(text, TREE_BUILDER, options);
}

/**
 * Members of an object as `json.dumps` writes them: key → `"key": value` (a repeated key
 * keeps its last value).
 */
export type CanonicalMembers = Map<string, string>;

/** `{` + members sorted by key code point, joined with `, ` + `}`. */
export function joinCanonicalMembers(members: CanonicalMembers): string {
  if (members.size === 0) return '{}';
  const keys = [...members.keys()];
  if (keys.length > 1) sortByCodePoints(keys);
  let out = '{' + members.get(keys[0]!)!;
  for (let i = 1; i < keys.length; i++) out += ', ' + members.get(keys[i]!)!;
  return out + '}';
}

/**
 * Writes each value as `json.dumps(…, sort_keys=True)` would, as soon as it is read: no
 * intermediate {@link PyValue}, and strings that need no escaping are copied from the source.
 */
export const CANONICAL_BUILDER: PyJsonBuilder<string, CanonicalMembers, string[]> = {
  string: (decoded, quoted) => quoted ?? pyQuote(decoded),
  int: (text) => (text === '-0' ? '0' : text),
  float: (value) => pyFloatRepr(value),
  constant: (value) => (value === null ? 'null' : value ? 'true' : 'false'),
  openObject: () => new Map(),
  member: (object, key, quotedKey, value) => {
    object.set(key, (quotedKey ?? pyQuote(key)) + ': ' + value);
  },
  closeObject: joinCanonicalMembers,
  openArray: () => [],
  item: (array, value) => {
    array.push(value);
  },
  closeArray: (array) => (array.length === 0 ? '[]' : '[' + array.join(', ') + ']'),
};

/**
 * `json.dumps(json.loads(text), sort_keys=True)` in one pass; the same result as
 * `pyDumps(parsePyJson(text))`, faster. Throws {@link PyJsonError} like {@link parsePyJson}.
 */
export function canonicalPyJson(text: string, options?: PyJsonParseOptions): string {
  return scanPyJson(text, CANONICAL_BUILDER, options);
}
