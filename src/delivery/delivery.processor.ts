import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { AttemptRunner } from './attempt-runner.service';
import { DeliveryJob } from './delivery-job';
import { DeliveryQueueService } from './delivery-queue.service';
import { EndpointLimiter } from './endpoint-limiter';
import { EndpointSaturatedError } from './job-backoff';

/** How long an attempt may wait in this process for its endpoint to free a slot. */
const SLOT_WAIT_MS = 100;


/**
 * The Bull worker: takes attempt jobs with bounded concurrency, overall and per endpoint, so a
 * hanging endpoint cannot hold up the others. On shutdown it stops taking jobs and waits for
 * the attempts in flight.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhooksDelivery');
  private readonly limiter: EndpointLimiter;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly runner: AttemptRunner,
  ) {
    this.limiter = new EndpointLimiter(options.perEndpointConcurrency);
  }

  onApplicationBootstrap(): void {
    if (!this.options.processDeliveries) return;
    this.deliveryQueue.queue
      .process(this.options.concurrency, (job: Job<DeliveryJob>) => this.handle(job.data))
      .catch((err) => this.logger.error(`delivery worker stopped: ${err?.message ?? err}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.options.processDeliveries) return;
    // Local pause: this process takes no new job and waits for those in flight.
    await this.deliveryQueue.queue.pause(true, false).catch(() => undefined);
  }

  async handle(job: DeliveryJob): Promise<void> {
    const { endpoint } = job;
    // No slot soon: Bull takes the job back and returns it after the module's backoff.
    if (endpoint && !(await this.limiter.acquire(endpoint, SLOT_WAIT_MS))) throw new EndpointSaturatedError();
    try {
      await this.runner.run(job);
    } finally {
      if (endpoint) this.limiter.release(endpoint);
    }
  }
}
