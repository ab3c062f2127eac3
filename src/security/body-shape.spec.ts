import { nestingTooDeep, protoKeyPath } from './body-shape';

describe('protoKeyPath', () => {
  it('finds a __proto__ key at any depth of a parsed body', () => {
    expect(protoKeyPath(JSON.parse('{"__proto__": {"isAdmin": true}}'))).toEqual(['__proto__']);
    expect(protoKeyPath(JSON.parse('{"headers": {"__proto__": false}}'))).toEqual(['headers', '__proto__']);
    expect(protoKeyPath(JSON.parse('{"a": [{"b": {"__proto__": 1}}]}'))).toEqual(['a', '0', 'b', '__proto__']);
  });
  it('finds constructor and prototype keys, which class-transformer would drop silently', () => {
    expect(protoKeyPath(JSON.parse('{"constructor": "x"}'))).toEqual(['constructor']);
    expect(protoKeyPath(JSON.parse('{"headers": {"prototype": "v"}}'))).toEqual(['headers', 'prototype']);
  });
  it('passes ordinary bodies', () => {
    expect(protoKeyPath({ headers: { 'X-Proto': '__proto__' }, description: 'constructor' })).toBeNull();
    expect(protoKeyPath(undefined)).toBeNull();
  });
});

describe('nestingTooDeep', () => {
  const nest = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };
  it('accepts 32 levels', () => expect(nestingTooDeep(nest(32))).toBe(false));
  it('refuses 33 levels', () => expect(nestingTooDeep(nest(33))).toBe(true));
  it('refuses 100 000 levels without overflowing the stack', () => expect(nestingTooDeep(nest(100_000))).toBe(true));
});
