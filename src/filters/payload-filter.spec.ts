import fc from 'fast-check';
import { compileFilter } from './payload-filter';

/**
 * The compiled evaluator against a reference written the plain way: walk the path level by
 * level, collect what is there, and test each operator by its definition.
 */
function reference(filter: Record<string, any>, payload: unknown, instants: Set<string>): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return condition.every((c: any) => reference(c, payload, instants));
    if (key === '$or') return condition.some((c: any) => reference(c, payload, instants));
    let nodes: unknown[] = [payload];
    for (const k of key.split('.')) {
      const next: unknown[] = [];
      for (const node of nodes)
        for (const n of Array.isArray(node) ? node : [node])
          if (n !== null && typeof n === 'object' && !Array.isArray(n) && Object.hasOwn(n, k)) next.push((n as any)[k]);
      nodes = next;
    }
    return holds(
      condition,
      nodes.length > 0,
      nodes.flatMap((v) => (Array.isArray(v) ? v : [v])),
      instants.has(key),
    );
  });
}

function holds(condition: any, present: boolean, values: unknown[], instant: boolean): boolean {
  const eq = (x: unknown) => (x === null && !present) || values.some((v) => v === x);
  const order = (v: unknown, x: unknown): number | null => {
    if (typeof v === 'number' && typeof x === 'number') return v === x ? 0 : v < x ? -1 : 1;
    if (typeof v !== 'string' || typeof x !== 'string') return null;
    const [a, b] = instant ? [new Date(v).getTime(), new Date(x).getTime()] : [v, x];
    return a === b ? 0 : a < b ? -1 : a > b ? 1 : null;
  };
  if (condition === null || typeof condition !== 'object') return eq(condition);
  return Object.entries(condition).every(([op, x]: [string, any]) => {
    if (op === '$eq') return eq(x);
    if (op === '$ne') return !eq(x);
    if (op === '$in') return x.some(eq);
    if (op === '$nin') return !x.some(eq);
    if (op === '$exists') return present === x;
    if (op === '$not') return !holds(x, present, values, instant);
    const wanted = { $gt: [1], $gte: [0, 1], $lt: [-1], $lte: [-1, 0] }[op]!;
    return values.some((v) => wanted.includes(order(v, x) as number));
  });
}

const scalar = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(1, 2, 3, 2.5), fc.constant(null), fc.boolean());
const instant = fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T01:00:00+01:00', '2026-01-02T00:00:00Z');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const withoutUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const payloads = fc
  .record({
    id: maybe(scalar),
    facility: maybe(fc.record({ id: maybe(fc.constantFrom('F-1', 'F-2')) }).map(withoutUndefined)),
    results: maybe(
      fc.array(fc.record({ flag: maybe(fc.constantFrom('H', 'L', 'N')), value: maybe(scalar) }).map(withoutUndefined), {
        maxLength: 3,
      }),
    ),
    given: maybe(fc.array(fc.constantFrom('a', 'b', 'Jane'), { maxLength: 3 })),
    at: maybe(instant),
  })
  .map(withoutUndefined);

const PATHS = ['id', 'facility', 'facility.id', 'results', 'results.flag', 'results.value', 'given', 'at', 'missing'];
const value = fc.oneof(scalar, fc.constantFrom('F-1', 'F-2', 'H', 'N', 'Jane'), instant);
// One or two operators per field: more would make nearly every condition false on both sides.
const fieldOps = fc.letrec((tie) => ({
  op: fc.oneof(
    { depthSize: 'small' },
    ...['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'].map((op) => fc.record({ [op]: value })),
    ...['$in', '$nin'].map((op) => fc.record({ [op]: fc.array(value, { minLength: 1, maxLength: 3 }) })),
    fc.record({ $exists: fc.boolean() }),
    fc.record({ $not: tie('op') }),
  ),
  ops: fc.oneof(
    tie('op'),
    fc.tuple(tie('op'), tie('op')).map(([a, b]) => ({ ...(a as object), ...(b as object) })),
  ),
}));
const conditions = fc.letrec((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small' },
    fc.dictionary(fc.constantFrom(...PATHS), fc.oneof(value, fieldOps.ops), { minKeys: 1, maxKeys: 3 }),
    fc.record({ $and: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ $or: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

describe('compileFilter', () => {
  const instants = new Set(['at']);

  it('agrees with the reference on random payloads and conditions', () => {
    fc.assert(
      fc.property(conditions.filter, fc.array(payloads, { minLength: 1, maxLength: 5 }), (filter, docs) => {
        const predicate = compileFilter(filter as Record<string, unknown>, instants);
        for (const doc of docs) expect(predicate(doc)).toBe(reference(filter as Record<string, any>, doc, instants));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches an array path when any element matches, and $ne when none does', () => {
    const doc = { results: [{ flag: 'N' }, { flag: 'HH' }] };
    expect(compileFilter({ 'results.flag': 'HH' })(doc)).toBe(true);
    expect(compileFilter({ 'results.flag': { $ne: 'HH' } })(doc)).toBe(false);
    expect(compileFilter({ 'results.flag': { $nin: ['LL', 'HH'] } })(doc)).toBe(false);
    expect(compileFilter({ 'orderingFacility.id': 'F-1' })(doc)).toBe(false);
    expect(compileFilter({ 'orderingFacility.id': { $ne: 'F-1' } })(doc)).toBe(true);
  });

  it('compares timestamps of a date-time field as instants, not as text', () => {
    const doc = { signedAt: '2026-03-02T14:40:00+02:00' };
    expect(compileFilter({ signedAt: { $lt: '2026-03-02T13:00:00Z' } }, new Set(['signedAt']))(doc)).toBe(true);
    expect(compileFilter({ signedAt: { $lt: '2026-03-02T13:00:00Z' } })(doc)).toBe(false);
  });
});
