import { MESSAGES } from '../webhooks.messages';

/**
 * A subscription's payload filter: a subset of MongoDB query syntax, compiled once into a
 * predicate. `{"orderingFacility.id": "F-1"}` (a bare value means `$eq`), operators
 * `$eq $ne $in $nin $exists $gt $gte $lt $lte $not` on a field, `$and $or` over conditions.
 * A dotted path reaches through arrays: a condition on `results.abnormalFlag` holds when it
 * holds for any element (`$ne` and `$nin`: when no element equals). Comparisons hold between
 * two numbers, or two strings; strings of a date or date-time field compare as instants.
 */
export type PayloadFilter = Record<string, unknown>;
export type PayloadPredicate = (payload: unknown) => boolean;
type Scalar = string | number | boolean | null;

/** The values at a path (arrays on the way walked through); a value that is itself an array stays whole. */
function valuesAt(value: unknown, keys: string[], from = 0): unknown[] {
  if (from === keys.length) return [value];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, keys, from));
  if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, keys[from]))
    return [];
  return valuesAt((value as Record<string, unknown>)[keys[from]], keys, from + 1);
}

const flat = (found: unknown[]): unknown[] => found.flatMap((v) => (Array.isArray(v) ? v : [v]));

function equal(found: unknown[], x: Scalar): boolean {
  // As in MongoDB, null matches a missing field too.
  if (x === null && found.length === 0) return true;
  return flat(found).some((v) => v === x);
}

/** A negative number, zero or a positive one; NaN when the two cannot be compared. */
function comparer(instants: boolean): (a: unknown, b: Scalar) => number {
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a !== 'string' || typeof b !== 'string') return NaN;
    if (instants) return Date.parse(a) - Date.parse(b);
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

type FieldTest = (found: unknown[]) => boolean;

function fieldTest(condition: unknown, instants: boolean): FieldTest {
  const isOperators =
    condition !== null &&
    typeof condition === 'object' &&
    !Array.isArray(condition) &&
    Object.keys(condition).length > 0;
  if (!isOperators) return (found) => equal(found, condition as Scalar);
  const compare = comparer(instants);
  const tests = Object.entries(condition as Record<string, unknown>).map(([op, x]): FieldTest => {
    const some = (holds: (n: number) => boolean) => (found: unknown[]) =>
      flat(found).some((v) => holds(compare(v, x as Scalar)));
    switch (op) {
      case '$eq':
        return (found) => equal(found, x as Scalar);
      case '$ne':
        return (found) => !equal(found, x as Scalar);
      case '$in':
        return (found) => (x as Scalar[]).some((y) => equal(found, y));
      case '$nin':
        return (found) => !(x as Scalar[]).some((y) => equal(found, y));
      case '$exists':
        return (found) => found.length > 0 === x;
      case '$gt':
        return some((n) => n > 0);
      case '$gte':
        return some((n) => n >= 0);
      case '$lt':
        return some((n) => n < 0);
      case '$lte':
        return some((n) => n <= 0);
      case '$not': {
        const inner = fieldTest(x, instants);
        return (found) => !inner(found);
      }
      default:
        throw new Error(MESSAGES.filterOperatorUnknown(op));
    }
  });
  return (found) => tests.every((t) => t(found));
}

/**
 * Compiles a filter (already checked by `checkFilter`) into a predicate over payloads.
 * `instantPaths` are the paths whose strings compare as points in time (date, date-time).
 */
export function compileFilter(filter: PayloadFilter, instantPaths: ReadonlySet<string> = new Set()): PayloadPredicate {
  const parts = Object.entries(filter).map(([key, condition]): PayloadPredicate => {
    if (key === '$and' || key === '$or') {
      const each = (condition as PayloadFilter[]).map((c) => compileFilter(c, instantPaths));
      return key === '$and' ? (p) => each.every((t) => t(p)) : (p) => each.some((t) => t(p));
    }
    const keys = key.split('.');
    const test = fieldTest(condition, instantPaths.has(key));
    return (p) => test(valuesAt(p, keys));
  });
  return (payload) => parts.every((t) => t(payload));
}
