import { deliveryBackoff, EndpointSaturatedError } from './job-backoff';

describe('deliveryBackoff', () => {
  it('brings a saturated endpoint\'s job back within 0.5 to 1 s, whatever its history', () => {
    for (const made of [1, 5, 500]) {
      const d = deliveryBackoff(made, new EndpointSaturatedError());
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThan(1000);
    }
  });

  it('backs off exponentially up to 30 s when the worker itself failed', () => {
    expect(deliveryBackoff(1, new Error('db down'))).toBe(500);
    expect(deliveryBackoff(2, new Error('db down'))).toBe(1000);
    expect(deliveryBackoff(20, new Error('db down'))).toBe(30_000);
  });
});
