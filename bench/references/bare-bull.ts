import Bull from 'bull';
import { v7 as uuidv7 } from 'uuid';
import { attemptJobId } from '../../src/delivery/delivery-job';
import { REDIS_URL } from '../../test/support/env';
import { wallNow, within } from '../support/stats';

/**
 * Bare Bull v4 with an empty processor and the engine's job options (one job per attempt,
 * id `<deliveryId>:<attempt>`, removed on completion): jobs per second from `resume` until
 * the last of `n` queued jobs completed.
 */
export async function bareBullRate(n: number, concurrency: number, prefix: string): Promise<number> {
  const queue = new Bull('bench-bare-bull', { redis: REDIS_URL, prefix });
  try {
    let completed = 0;
    let finish!: (at: number) => void;
    const finished = new Promise<number>((resolve) => (finish = resolve));
    queue.on('completed', () => {
      if (++completed === n) finish(wallNow());
    });
    await queue.pause(true, true);
    void queue.process(concurrency, async () => undefined);
    for (let i = 0; i < n; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, n - i) }, () => {
          const deliveryId = uuidv7();
          return {
            data: { deliveryId, attempt: 1 },
            opts: { jobId: attemptJobId(deliveryId, 1), removeOnComplete: true, removeOnFail: true },
          };
        }),
      );
    }
    const start = wallNow();
    await queue.resume(true);
    const end = await within(finished, 120_000, 'bare Bull drain');
    return (n * 1000) / (end - start);
  } finally {
    await queue.close();
  }
}
