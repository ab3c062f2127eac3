import { describe, expect, it } from '@jest/globals';
import { localTime } from '../format';
import { EndpointStats } from '../types';
import { limiter, statsLine } from './endpoint-health';

const stats = (over: Partial<EndpointStats> = {}): EndpointStats => ({
  hours: 24,
  since: '2026-03-04T00:00:00.000Z',
  counts: { pending: 0, retrying: 0, succeeded: 0, failed: 0, canceled: 0 },
  successRate: null,
  lastSuccessAt: null,
  failingSince: null,
  p50DurationMs: null,
  p95DurationMs: null,
  ...over,
});

describe('statsLine', () => {
  it('says so when nothing finished', () => {
    expect(statsLine(stats())).toBe('nothing finished');
  });

  it('gives the rate, failures, waiting entries and since when the endpoint fails', () => {
    const line = statsLine(
      stats({
        counts: { pending: 1, retrying: 2, succeeded: 97, failed: 3, canceled: 4 },
        successRate: 0.97,
        failingSince: '2026-03-05T07:08:09Z',
      }),
    );
    expect(line).toBe(`97 % delivered · 3 failed · 3 waiting · failing since ${localTime('2026-03-05T07:08:09Z')}`);
  });

  it('rounds the rate and leaves out what is zero', () => {
    expect(statsLine(stats({ counts: { ...stats().counts, succeeded: 2 }, successRate: 2 / 3 }))).toBe(
      '67 % delivered',
    );
  });
});

/** A load that ends when told to, and says while it runs. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    open = () => resolve('done');
    fail = reject;
  });
  return { done, open, fail };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

describe('limiter', () => {
  it('runs at most n loads at once, the waiting ones in the order they came', async () => {
    const queue = limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const results = gates.map((g, i) =>
      queue(() => {
        started.push(i);
        return g.done;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2].open();
    gates[3].open();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done', 'done']);
  });

  it('frees the place of a load that failed, and hands its failure to the caller', async () => {
    const queue = limiter(1);
    const first = gate();
    const failed = queue(() => first.done);
    let secondRan = false;
    const second = queue(async () => {
      secondRan = true;
      return 'second';
    });
    await settle();
    expect(secondRan).toBe(false);
    first.fail(new Error('503'));
    await expect(failed).rejects.toThrow('503');
    await expect(second).resolves.toBe('second');
  });
});
