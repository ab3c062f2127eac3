import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { WEBHOOKS_QUEUE } from '../webhooks.constants';
import { attemptJobId, DeliveryJob, endpointOf } from './delivery-job';

export interface DueAttempt {
  deliveryId: string;
  /** Lifetime attempt number (1-based): the entry's attempt_count + 1. */
  attempt: number;
  /** The URL it goes to, when known: attempts are then limited per endpoint. */
  url?: string;
  /** Milliseconds from now; 0 or absent: now. */
  delayMs?: number;
}

const JOB_OPTIONS: JobOptions = { removeOnComplete: true, removeOnFail: true };

/**
 * Puts attempts on the Bull queue. The database stays the source of truth: an attempt lost
 * here (Redis flushed, crash before enqueue) is found again by the recovery sweep.
 */
@Injectable()
export class DeliveryQueueService {
  constructor(@InjectQueue(WEBHOOKS_QUEUE) readonly queue: Queue<DeliveryJob>) {}

  /** Enqueues each attempt once (idempotent job ids). */
  async enqueue(attempts: DueAttempt[]): Promise<void> {
    if (!attempts.length) return;
    await this.queue.addBulk(
      attempts.map(({ deliveryId, attempt, url, delayMs }) => ({
        data: { deliveryId, attempt, endpoint: endpointOf(url) },
        opts: { ...JOB_OPTIONS, jobId: attemptJobId(deliveryId, attempt), delay: delayMs && delayMs > 0 ? Math.ceil(delayMs) : undefined },
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

  /**
   * Puts a job back for later when its endpoint is saturated. It gets a job id of its own (the
   * running one still holds the attempt's id); the database claim keeps the two from both sending.
   */
  async postpone(job: DeliveryJob, delayMs: number): Promise<void> {
    const jobId = `${attemptJobId(job.deliveryId, job.attempt)}:p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    await this.queue.add(job, { ...JOB_OPTIONS, jobId, delay: delayMs });
  }
}
