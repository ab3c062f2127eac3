import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { LessThan, Repository } from 'typeorm';
import { BackgroundJob } from '../common/background-job';
import { purgeInBatches, scheduleRepeatablePurge } from '../common/batched-purge';
import { retentionFloor } from '../common/event-log-window';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubjectSequenceEntity } from '../persistence/webhook-subject-sequence.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_PURGE_JOB, WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';

/**
 * Deletes event-log entries past `retentionDays`, with their attempts, in small batches by
 * primary key: each statement locks a few hundred rows for a moment, so deliveries go on.
 * A repeatable job on the maintenance queue runs it; with several instances Bull hands each
 * run to one of them.
 *
 * @publicApi
 */
@Injectable()
export class EventLogRetentionService implements BackgroundJob {
  private readonly logger = new Logger('WebhooksRetention');

  constructor(
    @InjectQueue(WEBHOOKS_MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly log: WebhookDeliveriesRepository,
  ) {}

  /** Schedules the repeatable purge (`BackgroundWorkService` calls it where deliveries are processed). */
  async start(): Promise<void> {
    await scheduleRepeatablePurge(
      this.queue,
      WEBHOOKS_PURGE_JOB,
      this.options.purgeIntervalMs,
      () => this.purgeExpired(),
      this.logger,
    );
  }

  /** Deletes every entry past retention as of `now`, batch by batch; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const floor = retentionFloor(now, this.options.retentionDays);
    const size = this.options.purgeBatchSize;
    const purged = await purgeInBatches(this.dialect, () => this.log.purgeBatch(this.deliveries.manager, floor, size));
    // Ordering counters of subjects with no event since then (a new one restarts from the clock).
    await this.deliveries.manager.delete(WebhookSubjectSequenceEntity, {
      updatedAt: LessThan(new Date(now.getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000)),
    });
    if (purged) this.logger.log(LOG.eventLogPurged(purged, this.options.retentionDays));
    return purged;
  }
}
