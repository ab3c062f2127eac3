import { Inject, Injectable, Logger } from '@nestjs/common';
import { BackgroundJob } from '../common/background-job';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { AttemptRunnerService } from './attempt-runner.service';
import { DeliveryQueueService } from './delivery-queue.service';

/**
 * The Bull worker: takes attempt jobs, `concurrency` at a time, and hands them to the
 * AttemptRunnerService. On shutdown it stops taking jobs and waits for the attempts in flight.
 *
 * It starts with `queue.process` at bootstrap rather than `@Process`: the concurrency comes
 * from the options, which `forRootAsync` only knows at runtime, while `@Process({ concurrency })`
 * is fixed when the class is declared; and with `processDeliveries: false` (an API-only
 * instance) no worker may start at all, where a decorated `@Processor` always would:
 * `BackgroundWorkService` starts it only where deliveries are processed.
 */
@Injectable()
export class DeliveryProcessor implements BackgroundJob {
  private readonly logger = new Logger('WebhooksDelivery');

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly runner: AttemptRunnerService,
  ) {}

  start(): void {
    this.deliveryQueue.startWorker(
      this.options.concurrency,
      (job) => this.runner.run(job),
      (err: any) => this.logger.error(LOG.workerStopped('delivery', err?.message ?? err)),
    );
  }

  async stop(): Promise<void> {
    await this.deliveryQueue.pauseLocally();
  }
}
