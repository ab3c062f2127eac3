import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs calls made together as one batch and hands each caller its result', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs.map((x) => x * 10)), 100, 5);
    const results = await Promise.all([1, 2, 3].map((x) => b.add(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts a batch as soon as maxSize calls have gathered, without waiting for the window', async () => {
    jest.useFakeTimers();
    try {
      const batches: number[][] = [];
      const b = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs), 2, 1000);
      const full = Promise.all([b.add(1), b.add(2)]);
      const third = b.add(3);
      // No time has passed: only the size can have started the first batch.
      expect(batches).toEqual([[1, 2]]);
      // The third call waits for its window.
      jest.advanceTimersByTime(1000);
      await expect(full).resolves.toEqual([1, 2]);
      await expect(third).resolves.toBe(3);
      expect(batches).toEqual([[1, 2], [3]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects every caller of a failed batch, and later batches still run', async () => {
    let fail = true;
    const b = new MicroBatcher<number, number>(async (xs) => {
      if (fail) throw new Error('db down');
      return xs;
    });
    await expect(Promise.all([b.add(1), b.add(2)])).rejects.toThrow('db down');
    fail = false;
    await expect(b.add(3)).resolves.toBe(3);
  });
});
