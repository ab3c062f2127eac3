import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import { startQueueWorker } from '../common/queue-worker';
import { WEBHOOKS_QUEUE } from '../webhooks.constants';
import { attemptJobId, DeliveryJob, endpointOf } from './delivery-job';
import { DELIVERY_BACKOFF } from './job-backoff';

export interface DueAttempt {
  deliveryId: string;
  /** Lifetime attempt number (1-based): the entry's attempt_count + 1. */
  attempt: number;
  /** The URL it goes to, when known (see DeliveryJob.endpoint). */
  url?: string;
  /** Milliseconds from now; 0 or absent: now. */
  delayMs?: number;
}

/** The first attempt of a new entry. */
export const firstAttempt = (entry: { id: string; url: string }): DueAttempt => ({
  deliveryId: entry.id,
  attempt: 1,
  url: entry.url,
});

/**
 * A job handed back (saturated endpoint, worker error) returns after the module's backoff
 * with the same id; finished jobs are removed, so the id can serve the sweep again.
 */
const JOB_OPTIONS: JobOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 100_000,
  backoff: { type: DELIVERY_BACKOFF },
  stackTraceLimit: 1,
};

/**
 * The delivery queue's only owner: puts attempts on it, runs its worker, pauses it, and finds
 * the attempts it lost. The database stays the source of truth: an attempt lost here (Redis
 * flushed, crash before enqueue) is found again by the requeue sweep.
 */
@Injectable()
export class DeliveryQueueService {
  constructor(@InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue<DeliveryJob>) {}

  /**
   * Starts this process's worker: `concurrency` jobs at a time, each handed to `handle`.
   * Resolves at once; `onStopped` hears of a worker that stopped on an error.
   */
  startWorker(
    concurrency: number,
    handle: (job: DeliveryJob) => Promise<unknown>,
    onStopped: (err: unknown) => void,
  ): void {
    startQueueWorker(this.queue, concurrency, (job: Job<DeliveryJob>) => handle(job.data)).catch(onStopped);
  }

  /** Local pause: this process takes no new job and waits for those in flight; others keep going. */
  async pauseLocally(): Promise<void> {
    await this.queue.pause(true, false).catch(() => undefined);
  }

  /** Enqueues each attempt once (idempotent job ids). */
  async enqueue(attempts: DueAttempt[]): Promise<void> {
    if (!attempts.length) return;
    await this.queue.addBulk(
      attempts.map(({ deliveryId, attempt, url, delayMs }) => ({
        data: url ? { deliveryId, attempt, endpoint: endpointOf(url) } : { deliveryId, attempt },
        opts: {
          ...JOB_OPTIONS,
          jobId: attemptJobId(deliveryId, attempt),
          delay: delayMs && delayMs > 0 ? Math.ceil(delayMs) : undefined,
        },
      })),
    );
  }

  /** For a resend: enqueues each attempt to run now, promoting one that already waits delayed. */
  async enqueueNow(attempts: DueAttempt[]): Promise<void> {
    await this.enqueue(attempts.map((a) => ({ ...a, delayMs: 0 })));
    await Promise.all(
      attempts.map(async ({ deliveryId, attempt }) => {
        const job = await this.queue.getJob(attemptJobId(deliveryId, attempt));
        if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
      }),
    );
  }

  /** The attempts that have no job in Redis (none queued, delayed or running). */
  async missing(attempts: DueAttempt[]): Promise<DueAttempt[]> {
    if (!attempts.length) return [];
    const pipeline = this.queue.client.pipeline();
    for (const a of attempts) pipeline.exists(this.queue.toKey(attemptJobId(a.deliveryId, a.attempt)));
    const results = (await pipeline.exec()) ?? [];
    return attempts.filter((_, i) => results[i]?.[1] === 0);
  }
}
