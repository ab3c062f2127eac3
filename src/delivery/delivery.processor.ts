import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { AttemptRunner } from './attempt-runner.service';
import { DeliveryQueueService } from './delivery-queue.service';

/**
 * The Bull worker: takes attempt jobs, `concurrency` at a time, and hands them to the
 * AttemptRunner. On shutdown it stops taking jobs and waits for the attempts in flight.
 *
 * It starts with `queue.process` at bootstrap rather than `@Process`: the concurrency comes
 * from the options, which `forRootAsync` only knows at runtime, while `@Process({ concurrency })`
 * is fixed when the class is declared; and with `processDeliveries: false` (an API-only
 * instance) no worker may start at all, where a decorated `@Processor` always would.
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
    this.deliveryQueue.startWorker(
      this.options.concurrency,
      (job) => this.runner.run(job),
      (err: any) => this.logger.error(`delivery worker stopped: ${err?.message ?? err}`),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.options.processDeliveries) return;
    await this.deliveryQueue.pauseLocally();
  }
}
