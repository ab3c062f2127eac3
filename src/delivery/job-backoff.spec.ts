import { BUSY_RETRY_MS, deliveryBackoff, EndpointSaturatedError } from './job-backoff';

describe('deliveryBackoff', () => {
  it("brings a saturated endpoint's job back after 2 s, then less often, at most every 10-15 s", () => {
    const at = (made: number) => deliveryBackoff(made, new EndpointSaturatedError());
    for (let i = 0; i < 20; i++) {
      expect(at(1)).toBeGreaterThanOrEqual(2000);
      expect(at(1)).toBeLessThanOrEqual(3000);
      expect(at(2)).toBeGreaterThanOrEqual(4000);
      expect(at(2)).toBeLessThanOrEqual(6000);
      expect(at(50)).toBeGreaterThanOrEqual(10_000);
      expect(at(50)).toBeLessThanOrEqual(15_000);
    }
  });

  it("brings a busy but answering endpoint's job back within tens of milliseconds, however often", () => {
    for (let i = 0; i < 20; i++) {
      for (const made of [1, 2, 50]) {
        const wait = deliveryBackoff(made, EndpointSaturatedError.busy());
        expect(wait).toBeGreaterThanOrEqual(BUSY_RETRY_MS);
        expect(wait).toBeLessThanOrEqual(2 * BUSY_RETRY_MS);
      }
    }
  });

  it('a hand-back carries no stack trace for Bull to format and store, one line only', () => {
    for (const err of [new EndpointSaturatedError(), EndpointSaturatedError.busy()]) {
      expect(err.stack).toBe('EndpointSaturatedError: endpoint saturated');
      expect(err).toBeInstanceOf(Error);
    }
  });

  it('backs off exponentially up to 30 s when the worker itself failed', () => {
    expect(deliveryBackoff(1, new Error('db down'))).toBe(500);
    expect(deliveryBackoff(2, new Error('db down'))).toBe(1000);
    expect(deliveryBackoff(20, new Error('db down'))).toBe(30_000);
  });
});
