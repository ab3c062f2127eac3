import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { DeliveryQueueService } from './delivery-queue.service';
import { DeliveryStore } from './delivery-store.service';

/** Entries handed out per sweep round; a larger backlog takes several rounds. */
const SWEEP_BATCH = 1000;

/**
 * Recovers from the database what the queue lost: entries due for a while with no live
 * lease (Redis flushed or restarted, a crash between commit and enqueue, an entry written
 * in a caller's transaction, a worker that died mid-attempt). Job ids are idempotent, so an
 * attempt that is still queued is not queued twice.
 */
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhooksRecovery');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly store: DeliveryStore,
    private readonly deliveryQueue: DeliveryQueueService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.processDeliveries) return;
    this.timer = setInterval(() => void this.sweepSafely(), this.options.recoveryIntervalMs);
    this.timer.unref();
    void this.sweepSafely();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep; returns how many attempts it enqueued. */
  async sweep(now = new Date()): Promise<number> {
    const dueBefore = new Date(now.getTime() - this.options.recoveryGraceMs);
    let total = 0;
    for (;;) {
      const due = await this.store.findDue(dueBefore, now, SWEEP_BATCH);
      await this.deliveryQueue.enqueue(due.map((d) => ({ deliveryId: d.id, attempt: d.attemptCount + 1, url: d.url })));
      total += due.length;
      if (due.length < SWEEP_BATCH) return total;
      // Large backlog: let the workers drain what was enqueued before handing out more.
      if (total >= SWEEP_BATCH * 10) return total;
    }
  }

  private async sweepSafely(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep();
    try {
      const n = await this.running;
      if (n > 0) this.logger.log(`recovered ${n} attempt(s) from the database`);
    } catch (err) {
      this.logger.warn(`recovery sweep failed, will retry: ${err?.message ?? err}`);
    } finally {
      this.running = undefined;
    }
  }
}
