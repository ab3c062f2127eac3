import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { retentionFloor } from '../common/event-log-window';
import { idFloorAt } from '../common/ids';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { DELIVERY_INDEXES, DELIVERY_STATUSES } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { EndpointStatsDto, StatusCountsDto } from './dto/endpoint-stats.dto';

/** Entries whose attempts feed the duration percentiles, newest first, at most. */
const DURATION_SAMPLE = 10_000;

const HOUR_MS = 60 * 60 * 1000;

/** The nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number): number | null =>
  sorted.length ? sorted[Math.ceil(p * sorted.length) - 1] : null;

/**
 * An endpoint's stats, read from the event log. The counts and the last success are ranges of
 * `idx_webhook_deliveries_subscription_status (subscription_id, status, id)` (ids are
 * time-ordered, so the window is an id range): the counts from the index alone, the last
 * success reading one row. The durations read the window's newest entries on
 * `(subscription_id, id)` and join their attempts by `idx_webhook_attempts_delivery`.
 * EXPLAIN in docs/event-log.md; test/schema-indexes.e2e-spec.ts checks the plans.
 */
@Injectable()
export class EndpointStatsService {
  private readonly hint: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {
    this.hint = this.dialect.forceIndex(DELIVERY_INDEXES.subscriptionStatus);
  }

  async stats(subscription: WebhookSubscriptionEntity, hours: number, now = new Date()): Promise<EndpointStatsDto> {
    const since = new Date(now.getTime() - hours * HOUR_MS);
    const floor = retentionFloor(now, this.options.retentionDays);
    const lo = [floor, idFloorAt(since)].sort().at(-1)!;
    const [counts, durations, lastSuccessAt] = await Promise.all([
      this.counts(subscription.id, lo),
      this.durations(subscription.id, lo),
      this.lastSuccessAt(subscription.id, floor),
    ]);
    const ended = counts.succeeded + counts.failed;
    return {
      hours,
      since,
      counts,
      successRate: ended ? counts.succeeded / ended : null,
      lastSuccessAt,
      failingSince: subscription.failingSince,
      p50DurationMs: percentile(durations, 0.5),
      p95DurationMs: percentile(durations, 0.95),
    };
  }

  /** One range per status (`status IN (...)`), counted on the index. */
  private async counts(subscriptionId: string, lo: string): Promise<StatusCountsDto> {
    const statuses = DELIVERY_STATUSES.map(() => '?').join(', ');
    const rows: { status: string; n: number | string }[] = await this.dataSource.query(
      `SELECT status, COUNT(*) AS n FROM webhook_deliveries${this.hint}
       WHERE subscription_id = ? AND status IN (${statuses}) AND id >= ? GROUP BY status`,
      [subscriptionId, ...DELIVERY_STATUSES, lo],
    );
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as unknown as StatusCountsDto;
    for (const r of rows) counts[r.status as keyof StatusCountsDto] = Number(r.n);
    return counts;
  }

  /** The newest entries of the window on `(subscription_id, id)`, read backwards, then their attempts. */
  private async durations(subscriptionId: string, lo: string): Promise<number[]> {
    const hint = this.dialect.forceIndex(DELIVERY_INDEXES.subscription);
    const rows: { d: number | string }[] = await this.dataSource.query(
      `SELECT a.duration_ms AS d FROM (
         SELECT id FROM webhook_deliveries${hint}
         WHERE subscription_id = ? AND id >= ? ORDER BY id DESC LIMIT ${DURATION_SAMPLE}
       ) e JOIN webhook_attempts a ON a.delivery_id = e.id`,
      [subscriptionId, lo],
    );
    return rows.map((r) => Number(r.d)).sort((a, b) => a - b);
  }

  private async lastSuccessAt(subscriptionId: string, floor: string): Promise<Date | null> {
    const rows: { at: Date | string }[] = await this.dataSource.query(
      `SELECT updated_at AS at FROM webhook_deliveries${this.hint}
       WHERE subscription_id = ? AND status = 'succeeded' AND id >= ? ORDER BY id DESC LIMIT 1`,
      [subscriptionId, floor],
    );
    return rows.length ? this.dialect.readDate(rows[0].at) : null;
  }
}
