import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { AttemptRunner } from './attempt-runner.service';
import { DeliveryJob } from './delivery-job';
import { DeliveryQueueService } from './delivery-queue.service';

/**
 * The Bull worker: takes attempt jobs, `concurrency` at a time, and hands them to the
 * AttemptRunner. On shutdown it stops taking jobs and waits for the attempts in flight.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhooksDelivery');

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly runner: AttemptRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.processDeliveries) return;
    this.deliveryQueue.queue
      .process(this.options.concurrency, (job: Job<DeliveryJob>) => this.runner.run(job.data))
      .catch((err) => this.logger.error(`delivery worker stopped: ${err?.message ?? err}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.options.processDeliveries) return;
    // Local pause: this process takes no new job and waits for those in flight.
    await this.deliveryQueue.queue.pause(true, false).catch(() => undefined);
  }
}
