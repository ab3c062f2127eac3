import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { SqlDialect } from '../persistence/dialect.sql';
import { LOG } from '../webhooks.messages';
import { startQueueWorker } from './queue-worker';

/**
 * Runs `purge` from a repeatable job named `name` on `queue`, every `every` ms, one run at a
 * time (with several instances Bull hands each run to one of them). A schedule left by an
 * earlier interval setting is removed, or it would keep firing beside the new one.
 */
export async function scheduleRepeatablePurge(
  queue: Queue,
  name: string,
  every: number,
  purge: () => Promise<number>,
  logger: Logger,
): Promise<void> {
  startQueueWorker(queue, 1, async () => ({ purged: await purge() }), name).catch((err) =>
    logger.warn(LOG.workerStopped(name, err?.message ?? err)),
  );
  for (const job of await queue.getRepeatableJobs()) {
    if (job.name === name && Number(job.every) !== every) await queue.removeRepeatableByKey(job.key);
  }
  await queue.add(name, {}, { repeat: { every }, removeOnComplete: true, removeOnFail: true });
}

/**
 * Deletes batch by batch until `batch` says there is no more; returns the rows deleted. After
 * each batch it rests half as long as the batch took, leaving a third of the database's time to
 * the work beside it (bench scenario 5: 1M event-log entries in 69 s with a full rest, p99
 * x1.09). A batch that the database rolls back for a deadlock or a lock wait (the work beside
 * it locks neighbouring records of the same indexes) runs again: a batch deletes what is below
 * a floor, so running it twice is harmless.
 */
export async function purgeInBatches(
  dialect: SqlDialect,
  batch: () => Promise<{ purged: number; more: boolean }>,
): Promise<number> {
  let purged = 0;
  for (;;) {
    const started = Date.now();
    const done = await withDeadlockRetry(dialect, batch);
    purged += done.purged;
    if (!done.more) return purged;
    await new Promise((r) => setTimeout(r, (Date.now() - started) / 2));
  }
}
