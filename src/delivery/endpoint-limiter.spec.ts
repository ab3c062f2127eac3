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
    const l = new EndpointLimiter(2);
    expect(l.tryAcquire('a')).toBe(true);
    l.release('a'); // the endpoint is moving: waiting for it pays off
    expect([await l.acquire('a'), await l.acquire('a')]).toEqual([true, true]);
    const order: string[] = [];
    const first = l.acquire('a', 1000).then((ok) => (order.push('first'), ok));
    const second = l.acquire('a', 1000).then((ok) => (order.push('second'), ok));
    l.release('a');
    expect(await first).toBe(true);
    l.release('a');
    expect(await second).toBe(true);
    expect(order).toEqual(['first', 'second']);
    expect(l.tryAcquire('a')).toBe(false); // both slots went to the waiters
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
  });

  it('gives up after the wait, leaving the count unchanged', async () => {
    const l = new EndpointLimiter(1);
    expect(l.tryAcquire('a')).toBe(true);
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
    expect(await l.acquire('a', 10)).toBe(false);
    l.release('a');
    expect(l.tryAcquire('a')).toBe(true);
  });

  it('waits for an endpoint whose slots were only just taken: it has not had time to answer', async () => {
    const l = new EndpointLimiter(1);
    expect(l.tryAcquire('a')).toBe(true);
    expect(l.isHanging('a')).toBe(false);
    const waiter = l.acquire('a', 1000);
    l.release('a');
    expect(await waiter).toBe(true);
  });

  describe('with the clock moved on', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('does not wait for an endpoint whose slots were all taken and none freed lately (hanging)', async () => {
      const l = new EndpointLimiter(1);
      expect(l.isHanging('a')).toBe(false);
      expect(l.tryAcquire('a')).toBe(true);
      jest.advanceTimersByTime(300);
      expect(l.isHanging('a')).toBe(true);
      expect(l.isAnswering('a')).toBe(false);
      // Refused at once: with the clock stopped, a wait would never end.
      expect(await l.acquire('a', 1000)).toBe(false);
    });

    it('stops waiting once its requests are 100 ms old and none was answered, before the longest wait', async () => {
      const l = new EndpointLimiter(1);
      expect(l.tryAcquire('a')).toBe(true);
      let got: boolean | undefined;
      void l.acquire('a', 10_000).then((ok) => (got = ok));
      await jest.advanceTimersByTimeAsync(80);
      expect(got).toBeUndefined(); // its request left just now: it may still answer
      await jest.advanceTimersByTimeAsync(40);
      expect(got).toBe(false);
      expect(l.isHanging('a')).toBe(true);
    });

    it('keeps waiting, up to the longest wait, while the endpoint frees slots', async () => {
      const l = new EndpointLimiter(1);
      expect(l.tryAcquire('a')).toBe(true);
      // Five waiters ahead of the one watched; a slot is freed at 50 ms, then every 200 ms.
      const ahead = Array.from({ length: 5 }, () => l.acquire('a', 10_000));
      let got: boolean | undefined;
      void l.acquire('a', 1000).then((ok) => (got = ok));
      for (let i = 0; i < 5; i++) {
        await jest.advanceTimersByTimeAsync(i ? 200 : 50);
        l.release('a');
        expect(await ahead[i]).toBe(true);
        expect(got).toBeUndefined(); // answering: still waiting, long past its first 100 ms
      }
      expect(l.isAnswering('a')).toBe(true);
      await jest.advanceTimersByTimeAsync(150);
      expect(got).toBe(false); // the longest wait reached while the endpoint still answered
    });
  });
});
