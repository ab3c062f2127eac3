import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackgroundJob } from '../common/background-job';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { DeliveryQueueService } from './delivery-queue.service';
import { SubjectOrderService } from './subject-order.service';

/** Entries read per round of a sweep. */
const SWEEP_BATCH = 1000;

/** Rounds per sweep at most (100 000 overdue entries); the next sweep goes on from the start. */
const MAX_ROUNDS = 100;

/**
 * The requeue sweep: puts back in the queue, from the database, what the queue lost: entries
 * due for a while with no live lease (Redis flushed or restarted, a crash between commit and
 * enqueue, an entry written in a caller's transaction, a worker that died mid-attempt). Job ids are idempotent, so an
 * attempt that is still queued is not queued twice.
 */
@Injectable()
export class RequeueSweepService implements BackgroundJob {
  private readonly logger = new Logger('WebhooksRequeueSweep');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly order: SubjectOrderService,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweepSafely(), this.options.recoveryIntervalMs);
    this.timer.unref();
    void this.sweepSafely();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * One sweep over every overdue entry; enqueues those with no job in Redis and returns how
   * many. A backlog that is merely waiting its turn costs one EXISTS per entry, no new job.
   */
  async sweep(now = new Date()): Promise<number> {
    const dueBefore = new Date(now.getTime() - this.options.recoveryGraceMs);
    let requeued = 0;
    let afterId = '';
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await this.deliveries.findDue(dueBefore, now, SWEEP_BATCH, afterId);
      const lost = await this.deliveryQueue.missing(
        due.map((d) => ({ deliveryId: d.id, attempt: d.attemptCount + 1 })),
      );
      await this.deliveryQueue.enqueue(lost);
      requeued += lost.length;
      if (due.length < SWEEP_BATCH) break;
      afterId = due[due.length - 1].id;
    }
    // Ordered subjects whose release a crash lost: their first waiting entry goes.
    return requeued + (await this.order.releaseStuck(dueBefore));
  }

  private async sweepSafely(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep();
    try {
      const n = await this.running;
      if (n > 0) this.logger.log(LOG.requeued(n));
    } catch (err) {
      this.logger.warn(LOG.requeueSweepFailed(err?.message ?? err));
    } finally {
      this.running = undefined;
    }
  }
}
