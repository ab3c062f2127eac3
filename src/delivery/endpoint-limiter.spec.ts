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

  it('hands a freed slot to a waiter, in order', async () => {
    const l = new EndpointLimiter(1);
    expect(await l.acquire('a')).toBe(true);
    const first = l.acquire('a', 1000);
    const second = l.acquire('a', 1000);
    l.release('a');
    expect(await first).toBe(true);
    l.release('a');
    expect(await second).toBe(true);
    expect(l.tryAcquire('a')).toBe(false); // second still holds it
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
  });

  it('gives up after the wait, leaving the count unchanged', async () => {
    const l = new EndpointLimiter(1);
    expect(l.tryAcquire('a')).toBe(true);
    expect(await l.acquire('a', 10)).toBe(false);
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
  });
});
