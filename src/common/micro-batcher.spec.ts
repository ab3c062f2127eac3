import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs calls made together as one batch and hands each caller its result', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs.map((x) => x * 10)), 100, 5);
    const results = await Promise.all([1, 2, 3].map((x) => b.add(x)));
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts a batch as soon as maxSize calls have gathered', async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher<number, number>(async (xs) => (batches.push(xs), xs), 2, 1000);
    await Promise.all([b.add(1), b.add(2)]);
    expect(batches).toEqual([[1, 2]]);
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
