import { protoKeyPath } from './prototype-keys.middleware';

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
