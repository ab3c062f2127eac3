import { EndpointLimiter } from './endpoint-limiter';

describe('EndpointLimiter', () => {
  it('admits up to the limit per endpoint, independently', () => {
    const l = new EndpointLimiter(2);
    expect([l.tryAcquire('a'), l.tryAcquire('a'), l.tryAcquire('a')]).toEqual([true, true, false]);
    expect(l.tryAcquire('b')).toBe(true);
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
    expect(l.tryAcquire('a')).toBe(false);
  });
});
