import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { LessThan, Repository } from 'typeorm';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { forDialect, SQL_DIALECTS, SqlDialect } from '../persistence/dialect.sql';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubjectSequenceEntity } from '../persistence/webhook-subject-sequence.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_PURGE_JOB, WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { EVENT_LOG_PURGE_SQL, EventLogPurgeSql } from './event-log-purge.sql';
import { retentionFloor } from './event-log-window';

/**
 * Deletes event-log entries past `retentionDays`, with their attempts, in small batches by
 * primary key: each statement locks a few hundred rows for a moment, so deliveries go on.
 * A repeatable job on the maintenance queue runs it; with several instances Bull hands each
 * run to one of them.
 *
 * @publicApi
 */
@Injectable()
export class EventLogRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebhooksRetention');

  constructor(
    @InjectQueue(WEBHOOKS_MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {
    this.sql = forDialect(deliveries.manager.connection, EVENT_LOG_PURGE_SQL);
    this.dialect = forDialect(deliveries.manager.connection, SQL_DIALECTS);
  }

  private readonly sql: EventLogPurgeSql;
  private readonly dialect: SqlDialect;

  /** An instance that does not process deliveries runs no background work at all. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.processDeliveries) return;
    const every = this.options.purgeIntervalMs;
    this.queue
      .process(WEBHOOKS_PURGE_JOB, 1, async () => ({ purged: await this.purgeExpired() }))
      .catch((err) => this.logger.warn(`purge worker stopped: ${err?.message ?? err}`));
    // A schedule left by an earlier interval setting would keep firing beside the new one.
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === WEBHOOKS_PURGE_JOB && Number(job.every) !== every)
        await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(WEBHOOKS_PURGE_JOB, {}, { repeat: { every }, removeOnComplete: true, removeOnFail: true });
  }

  /** Deletes every entry past retention as of `now`, batch by batch; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const floor = retentionFloor(now, this.options.retentionDays);
    const purged = await this.purgeBefore(floor);
    // Ordering counters of subjects with no event since then (a new one restarts from the clock).
    await this.deliveries.manager.delete(WebhookSubjectSequenceEntity, {
      updatedAt: LessThan(new Date(now.getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000)),
    });
    if (purged) this.logger.log(`Purged ${purged} event-log entries older than ${this.options.retentionDays} days`);
    return purged;
  }

  /**
   * Batch by batch (`EventLogPurgeSql`); after each batch the purge rests half as long as the
   * batch took, leaving a third of the database's time to deliveries (bench scenario 5: 1M rows
   * in 69 s with a full rest, p99 x1.09). A batch that meets a deadlock with the deliveries
   * running beside it (they lock neighbouring records of the same secondary indexes) runs again:
   * each statement deletes a range, so running it twice is harmless.
   */
  private async purgeBefore(floor: string): Promise<number> {
    const size = this.options.purgeBatchSize;
    let purged = 0;
    for (;;) {
      const started = Date.now();
      const batch = await withDeadlockRetry(this.dialect, () =>
        this.sql.purgeBatch(this.deliveries.manager, floor, size),
      );
      purged += batch.purged;
      if (!batch.more) return purged;
      await new Promise((r) => setTimeout(r, (Date.now() - started) / 2));
    }
  }
}
