import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { In, LessThan, Repository } from 'typeorm';
import { isMysql } from '../persistence/columns';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubjectSequenceEntity } from '../persistence/webhook-subject-sequence.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_PURGE_JOB, WEBHOOKS_OPTIONS } from '../webhooks.constants';
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
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {
    this.mysql = isMysql(deliveries.manager.connection);
  }

  private readonly mysql: boolean;

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
    const purged = this.mysql ? await this.purgeByRange(floor) : await this.purgeByIds(floor);
    // Ordering counters of subjects with no event since then (a new one restarts from the clock).
    await this.deliveries.manager.delete(WebhookSubjectSequenceEntity, {
      updatedAt: LessThan(new Date(now.getTime() - this.options.retentionDays * 24 * 60 * 60 * 1000)),
    });
    if (purged) this.logger.log(`Purged ${purged} event-log entries older than ${this.options.retentionDays} days`);
    return purged;
  }

  /**
   * MySQL/MariaDB: ids are time-ordered, so "past retention" is an id range, and each batch is
   * two range DELETEs with LIMIT (attempts first, by their entry id, orphans included). After each
   * batch the purge rests half as long as the batch took, leaving a third of the database's time
   * to deliveries (bench scenario 5: 1M rows in 69 s with a full rest, p99 x1.09).
   */
  private async purgeByRange(floor: string): Promise<number> {
    const size = this.options.purgeBatchSize;
    const manager = this.deliveries.manager;
    let purged = 0;
    for (;;) {
      const started = Date.now();
      const attempts = await manager.query('DELETE FROM webhook_attempts WHERE delivery_id < ? LIMIT ?', [
        floor,
        size * 4,
      ]);
      const entries = await manager.query('DELETE FROM webhook_deliveries WHERE id < ? ORDER BY id LIMIT ?', [
        floor,
        size,
      ]);
      purged += entries.affectedRows;
      if (attempts.affectedRows < size * 4 && entries.affectedRows < size) return purged;
      await new Promise((r) => setTimeout(r, (Date.now() - started) / 2));
    }
  }

  /** Other databases (the example app's SQLite): select a batch of ids, delete by primary key. */
  private async purgeByIds(floor: string): Promise<number> {
    const size = this.options.purgeBatchSize;
    let purged = 0;
    for (;;) {
      const batch = (
        await this.deliveries.find({
          select: { id: true },
          where: { id: LessThan(floor) },
          order: { id: 'ASC' },
          take: size,
        })
      ).map((d) => d.id);
      if (!batch.length) break;
      const attemptIds = (await this.attempts.find({ select: { id: true }, where: { deliveryId: In(batch) } })).map(
        (a) => a.id,
      );
      for (let i = 0; i < attemptIds.length; i += size) {
        await this.attempts.delete({ id: In(attemptIds.slice(i, i + size)) });
      }
      await this.deliveries.delete({ id: In(batch) });
      purged += batch.length;
      if (batch.length < size) break;
    }
    return purged;
  }
}
