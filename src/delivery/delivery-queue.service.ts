import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { WEBHOOKS_QUEUE } from '../webhooks.constants';
import { attemptJobId, DeliveryJob } from './delivery-job';

export interface DueAttempt extends DeliveryJob {
  /** Milliseconds from now; 0 or absent: now. */
  delayMs?: number;
}

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
      attempts.map(({ deliveryId, attempt, delayMs }) => ({
        data: { deliveryId, attempt },
        opts: {
          jobId: attemptJobId(deliveryId, attempt),
          delay: delayMs && delayMs > 0 ? Math.ceil(delayMs) : undefined,
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
  }

  /** For a resend: enqueues each attempt to run now, promoting one that already waits delayed. */
  async enqueueNow(attempts: DeliveryJob[]): Promise<void> {
    await this.enqueue(attempts);
    await Promise.all(
      attempts.map(async ({ deliveryId, attempt }) => {
        const job = await this.queue.getJob(attemptJobId(deliveryId, attempt));
        if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
      }),
    );
  }
}
