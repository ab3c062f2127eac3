import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { BackgroundJob } from '../common/background-job';
import { purgeInBatches, scheduleRepeatablePurge } from '../common/batched-purge';
import { retentionFloor } from '../common/event-log-window';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookAuditRepository } from '../persistence/webhook-audit.repository';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_AUDIT_PURGE_JOB, WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';

/**
 * Deletes audit rows older than `auditRetentionDays` (six years by default, apart from the
 * event log's 30 days), in batches by primary key (resting between them, and running a batch
 * again after a deadlock, as the event log's purge does), from a repeatable job on the
 * maintenance queue.
 * @publicApi
 */
@Injectable()
export class AuditRetentionService implements BackgroundJob {
  private readonly logger = new Logger('WebhooksRetention');

  constructor(
    @InjectQueue(WEBHOOKS_MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly audit: WebhookAuditRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {}

  /** Schedules the repeatable purge (`BackgroundWorkService` calls it where deliveries are processed). */
  async start(): Promise<void> {
    await scheduleRepeatablePurge(
      this.queue,
      WEBHOOKS_AUDIT_PURGE_JOB,
      this.options.purgeIntervalMs,
      () => this.purgeExpiredAudit(),
      this.logger,
    );
  }

  /** Deletes every audit row past retention as of `now`; returns how many. */
  async purgeExpiredAudit(now = new Date()): Promise<number> {
    const floor = retentionFloor(now, this.options.auditRetentionDays);
    const size = this.options.purgeBatchSize;
    const purged = await purgeInBatches(this.dialect, () => this.audit.purgeBatch(floor, size));
    if (purged) this.logger.log(LOG.auditPurged(purged, this.options.auditRetentionDays));
    return purged;
  }
}
