import type { SchemaField } from '../event-types/schema-fields';

/** Largest filter, serialized, in bytes. */
export const FILTER_MAX_BYTES = 4096;
/** Deepest nesting of objects and arrays in a filter. */
export const FILTER_MAX_DEPTH = 8;

const FIELD_OPERATORS = new Set(['$eq', '$ne', '$in', '$nin', '$exists', '$gt', '$gte', '$lt', '$lte', '$not']);
const ORDERED = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Why a filter is refused; `allowedPaths` is set when it names a path the events do not carry. */
export interface FilterProblem {
  message: string;
  allowedPaths?: string[];
}

class Refusal extends Error {
  constructor(readonly problem: FilterProblem) {
    super(problem.message);
  }
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

const scalarTypeOf = (v: unknown): string | null =>
  v === null ? 'null' : ['string', 'number', 'boolean'].includes(typeof v) ? typeof v : null;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The paths every one of `fields` lists (one list per subscribed event): a filter may name
 * only a path that each of its events carries, so that no event is dropped for lacking it.
 */
export function commonFields(fieldsPerEvent: SchemaField[][]): SchemaField[] {
  const [first = [], ...rest] = fieldsPerEvent;
  return first.filter((f) => rest.every((list) => list.some((g) => g.path === f.path)));
}

/** Checks a filter against the fields of the subscription's events; null when it is good. */
export function filterProblem(filter: unknown, fields: SchemaField[]): FilterProblem | null {
  if (!isPlainObject(filter)) return { message: 'filter must be a JSON object such as {"orderingFacility.id": "F-1"}' };
  const size = Buffer.byteLength(JSON.stringify(filter));
  if (size > FILTER_MAX_BYTES) return { message: `filter is ${size} bytes; at most ${FILTER_MAX_BYTES} are allowed` };
  if (depthOf(filter) > FILTER_MAX_DEPTH) return { message: `filter nests deeper than ${FILTER_MAX_DEPTH} levels` };
  const byPath = new Map(fields.map((f) => [f.path, f]));
  try {
    checkCondition(filter, byPath);
    return null;
  } catch (err) {
    if (err instanceof Refusal) return err.problem;
    throw err;
  }
}

function checkCondition(filter: Record<string, unknown>, byPath: Map<string, SchemaField>): void {
  if (Object.keys(filter).length === 0)
    throw new Refusal({ message: 'filter: an empty condition matches everything; leave filter out (or null) instead' });
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0 || !condition.every(isPlainObject)) {
        throw new Refusal({ message: `filter: ${key} takes a non-empty array of conditions` });
      }
      condition.forEach((c) => checkCondition(c, byPath));
      continue;
    }
    if (key.startsWith('$')) {
      throw new Refusal({
        message: `filter: ${key} is not a top-level operator (use $and or $or; $not goes on a field: {"path": {"$not": {...}}})`,
      });
    }
    const field = byPath.get(key);
    if (!field) {
      throw new Refusal({
        message: `filter: unknown path "${key}"; allowed paths: ${[...byPath.keys()].join(', ')}`,
        allowedPaths: [...byPath.keys()],
      });
    }
    checkFieldCondition(field, condition);
  }
}

function checkFieldCondition(field: SchemaField, condition: unknown): void {
  const at = `filter: "${field.path}"`;
  if (Array.isArray(condition))
    throw new Refusal({ message: `${at} compares with one value; use {"$in": [...]} for several` });
  if (!isPlainObject(condition)) return checkValue(field, condition, '$eq');
  const ops = Object.keys(condition);
  if (ops.length === 0 || ops.some((op) => !FIELD_OPERATORS.has(op))) {
    throw new Refusal({
      message: `${at} takes a value or operators among ${[...FIELD_OPERATORS].join(' ')} (dotted paths reach nested fields)`,
    });
  }
  for (const op of ops) {
    const x = condition[op];
    if (op === '$exists') {
      if (typeof x !== 'boolean') throw new Refusal({ message: `${at}: $exists takes true or false` });
    } else if (op === '$in' || op === '$nin') {
      if (!Array.isArray(x) || x.length === 0)
        throw new Refusal({ message: `${at}: ${op} takes a non-empty array of values` });
      x.forEach((v) => checkValue(field, v, op));
    } else if (op === '$not') {
      if (!isPlainObject(x))
        throw new Refusal({ message: `${at}: $not takes operators, e.g. {"$not": {"$in": [...]}}` });
      checkFieldCondition(field, x);
    } else {
      checkValue(field, x, op);
    }
  }
}

/** A value compared with a field: of one of the field's types; ordered comparisons on numbers and timestamps only. */
function checkValue(field: SchemaField, value: unknown, op: string): void {
  const at = `filter: "${field.path}"`;
  const type = scalarTypeOf(value);
  if (type === null) throw new Refusal({ message: `${at}: ${op} takes a string, a number, true, false or null` });
  const types = field.types.map((t) => (t === 'integer' ? 'number' : t));
  const scalars = types.filter((t) => t !== 'array' && t !== 'object');
  if (scalars.length === 0) {
    throw new Refusal({ message: `${at} is ${types.join(' or ')}: only $exists applies; name a field inside it` });
  }
  const instant = field.format === 'date' || field.format === 'date-time';
  if (ORDERED.has(op)) {
    const fits =
      (type === 'number' && scalars.includes('number')) ||
      (instant && type === 'string' && !Number.isNaN(Date.parse(value as string)));
    if (!fits) {
      throw new Refusal({
        message: `${at} is ${scalars.join(' or ')}${field.format ? ` (${field.format})` : ''}: ${op} compares numbers, or dates and times given as ISO 8601 text`,
      });
    }
    return;
  }
  if (type !== 'null' && !scalars.includes(type)) {
    throw new Refusal({ message: `${at} is ${scalars.join(' or ')}: ${op} cannot compare it with a ${type}` });
  }
}
