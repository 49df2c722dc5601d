/**
 * In-memory form of a JSON document as Python's `json.loads` sees it.
 *
 * JavaScript's `JSON.parse` loses what the hashes depend on: `3.0` and `3` become the same
 * number, integers above 2^53 lose digits, and an object's keys are reordered. Here numbers
 * keep their kind (Python `int` or `float`) and their source text, and an object is a `Map`
 * (insertion order, a repeated key keeps its first position and its last value, like a
 * Python dict; "__proto__" is an ordinary key).
 */

/** A Python `int`: kept as decimal text, at any size. */
export class PyInt {
  /** Decimal text as written in the source (`-?(0|[1-9][0-9]*)`). */
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** `str(int(text))`: the source text, except that `-0` is the integer `0`. */
  toString(): string {
    return this.text === '-0' ? '0' : this.text;
  }
}

/** A Python `float` (an IEEE double, like a JavaScript number). */
export class PyFloat {
  readonly value: number;
  /** The source text when parsed (e.g. `2.50`, `1E300`); only for diagnostics. */
  readonly text: string | undefined;
  constructor(value: number, text?: string) {
    this.value = value;
    this.text = text;
  }
}

export type PyDict = Map<string, PyValue>;

/** A value as Python's `json.loads` returns it. */
export type PyValue = null | boolean | string | PyInt | PyFloat | PyValue[] | PyDict;

const INT_TEXT = /^-?(?:0|[1-9][0-9]*)$/;

/** A Python int from a bigint, a safe integer, or decimal text in JSON's integer syntax. */
export function pyInt(value: bigint | number | string): PyInt {
  if (typeof value === 'bigint') return new PyInt(value.toString());
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
    return new PyInt(String(value));
  }
  if (!INT_TEXT.test(value)) throw new SyntaxError(`not an integer literal: ${JSON.stringify(value)}`);
  return new PyInt(value);
}

/** A Python float. */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/**
 * Sorts keys in place by {@link compareCodePoints}. Objects have a handful of keys, and
 * Array.prototype.sort allocates its work arrays on every call (about 2 KB here: a fifth of
 * all that an import allocated); an insertion sort allocates nothing. Stable, like sort.
 */
export function sortByCodePoints(keys: string[]): string[] {
  if (keys.length > 32) return keys.sort(compareCodePoints);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && compareCodePoints(keys[j]!, key) > 0) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * Orders two strings by Unicode code point, as Python compares `str` (and so as
 * `sort_keys=True` orders keys). JavaScript's `<` compares UTF-16 code units, which
 * differs when a character above U+FFFF (a surrogate pair) meets one in U+E000–U+FFFF.
 * Unpaired surrogates count as the code points U+D800–U+DFFF, as in Python.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  // Below U+D800 neither unit is part of a surrogate pair that started here or just before
  // (a pair's second half is >= U+DC00), so code units order like code points.
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  if (i > 0) {
    const prev = a.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) {
      // The same high surrogate precedes position i in both strings: it is half of a pair
      // in a string exactly when a low surrogate follows it there.
      const aLow = ca >= 0xdc00 && ca <= 0xdfff;
      const bLow = cb >= 0xdc00 && cb <= 0xdfff;
      if (aLow && bLow) return ca - cb; // two pairs with the same high half
      if (aLow) return 1; // a: code point >= U+10000; b: the lone high surrogate
      if (bLow) return -1;
      // Both lone: equal so far; the code points that start at i decide.
    }
  }
  return codePointAt(a, i) - codePointAt(b, i);
}

function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return c;
}
