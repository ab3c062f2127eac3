import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { retentionFloor } from '../common/event-log-window';
import { idFloorAt } from '../common/ids';
import { forDialect, SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { DELIVERY_INDEXES, DELIVERY_STATUSES, DeliveryStatus } from '../persistence/webhook-delivery.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { BUCKET_SQL } from './delivery-chart.sql';
import { CHART_PERIODS, ChartCountsDto, ChartPeriod, DeliveryChartDto } from './dto/delivery-chart.dto';

const HOUR_MS = 3_600_000;
const BUCKET_MS = { hour: HOUR_MS, day: 24 * HOUR_MS } as const;

/** What the chart calls each status. */
const SERIES: Record<DeliveryStatus, keyof ChartCountsDto> = {
  pending: 'waiting',
  retrying: 'waiting',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
};

const zero = (): ChartCountsDto => ({ succeeded: 0, failed: 0, waiting: 0, canceled: 0 });

/**
 * Deliveries over time, for an endpoint or for every endpoint a caller sees: one GROUP BY
 * over an index range. Its window is the stats' window (`now - hours`, within retention), so
 * its totals are the stats' counts. EXPLAIN at a million entries in docs/event-log.md.
 */
@Injectable()
export class DeliveryChartService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /** `subscriptionIds` undefined: every endpoint; empty: none. `utcOffset` in minutes. */
  async chart(
    subscriptionIds: string[] | undefined,
    period: ChartPeriod = '24h',
    utcOffset = 0,
    now = new Date(),
  ): Promise<DeliveryChartDto> {
    const { hours, bucket } = CHART_PERIODS[period];
    const size = BUCKET_MS[bucket];
    const offset = utcOffset * 60_000;
    const since = new Date(now.getTime() - hours * HOUR_MS);
    const lo = [retentionFloor(now, this.options.retentionDays), idFloorAt(since)].sort().at(-1)!;
    const first = Math.floor((since.getTime() + offset) / size);
    const last = Math.floor((now.getTime() + offset) / size);
    const buckets = Array.from({ length: last - first + 1 }, (_, i) => ({
      start: new Date(Math.max(since.getTime(), (first + i) * size - offset)),
      ...zero(),
    }));
    const totals = zero();
    const rows = subscriptionIds?.length === 0 ? [] : await this.counts(subscriptionIds, lo, offset, size);
    for (const r of rows) {
      const series = SERIES[r.status as DeliveryStatus];
      const at = buckets[Math.min(Math.max(Number(r.b) - first, 0), buckets.length - 1)];
      if (!series || !at) continue;
      at[series] += Number(r.n);
      totals[series] += Number(r.n);
    }
    return { period, bucket, since, until: now, buckets, totals };
  }

  /**
   * One statement: an endpoint's entries (or a few endpoints') on
   * `(subscription_id, status, id)`, every endpoint's on `(status, id)`; each status is an id
   * range, counted from the index alone on MySQL/MariaDB.
   */
  private counts(
    subscriptionIds: string[] | undefined,
    lo: string,
    offset: number,
    size: number,
  ): Promise<{ b: number | string; status: string; n: number | string }[]> {
    const statuses = DELIVERY_STATUSES.map(() => '?').join(', ');
    const bySubscription = subscriptionIds !== undefined;
    const hint = this.dialect.forceIndex(
      bySubscription ? DELIVERY_INDEXES.subscriptionStatus : DELIVERY_INDEXES.status,
    );
    const where = bySubscription ? `subscription_id IN (${subscriptionIds.map(() => '?').join(', ')}) AND ` : '';
    return this.dataSource.query(
      `SELECT ${forDialect(this.dialect, BUCKET_SQL)} AS b, status, COUNT(*) AS n
       FROM webhook_deliveries${hint}
       WHERE ${where}status IN (${statuses}) AND id >= ? GROUP BY b, status`,
      [offset, size, ...(subscriptionIds ?? []), ...DELIVERY_STATUSES, lo],
    );
  }
}
