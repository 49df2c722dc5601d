/**
 * Python's `json` module as the service uses it: `json.loads` ({@link parsePyJson}) and
 * `json.dumps(obj, sort_keys=True)` ({@link pyDumps}), byte for byte; and both at once
 * ({@link canonicalPyJson}).
 */
export { PyInt, PyFloat, pyInt, pyFloat, compareCodePoints, sortByCodePoints } from './py-value';
export type { PyDict, PyValue } from './py-value';
export {
  parsePyJson,
  canonicalPyJson,
  scanPyJson,
  joinCanonicalMembers,
  CANONICAL_BUILDER,
  PyJsonError,
  PY_JSON_MAX_DEPTH,
  PY_INT_MAX_STR_DIGITS,
} from './python-json-parse';
export type { PyJsonParseOptions, PyJsonBuilder, CanonicalMembers } from './python-json-parse';
export { pyDumps, pyQuote, pyFloatRepr } from './python-json-dumps';
export type { PyJsonInput } from './python-json-dumps';
