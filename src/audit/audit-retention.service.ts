import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { LessThan, Repository } from 'typeorm';
import { retentionFloor } from '../event-log/event-log-window';
import { WebhookAuditEntity } from '../persistence/webhook-audit.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_AUDIT_PURGE_JOB, WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_OPTIONS } from '../webhooks.constants';

/**
 * Deletes audit rows older than `auditRetentionDays` (six years by default, apart from the
 * event log's 30 days), in batches by primary key, from a repeatable job on the maintenance queue.
 * @publicApi
 */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebhooksRetention');

  constructor(
    @InjectQueue(WEBHOOKS_MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectRepository(WebhookAuditEntity) private readonly audit: Repository<WebhookAuditEntity>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.processDeliveries) return;
    const every = this.options.purgeIntervalMs;
    this.queue
      .process(WEBHOOKS_AUDIT_PURGE_JOB, 1, async () => ({ purged: await this.purgeExpiredAudit() }))
      .catch((err) => this.logger.warn(`audit purge worker stopped: ${err?.message ?? err}`));
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === WEBHOOKS_AUDIT_PURGE_JOB && Number(job.every) !== every)
        await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(
      WEBHOOKS_AUDIT_PURGE_JOB,
      {},
      { repeat: { every }, removeOnComplete: true, removeOnFail: true },
    );
  }

  /** Deletes every audit row past retention as of `now`; returns how many. */
  async purgeExpiredAudit(now = new Date()): Promise<number> {
    const floor = retentionFloor(now, this.options.auditRetentionDays);
    const size = this.options.purgeBatchSize;
    let purged = 0;
    for (;;) {
      const ids = (
        await this.audit.find({
          select: { id: true },
          where: { id: LessThan(floor) },
          order: { id: 'ASC' },
          take: size,
        })
      ).map((r) => r.id);
      if (!ids.length) break;
      await this.audit.delete(ids);
      purged += ids.length;
      if (ids.length < size) break;
    }
    if (purged) this.logger.log(`Purged ${purged} audit rows older than ${this.options.auditRetentionDays} days`);
    return purged;
  }
}
