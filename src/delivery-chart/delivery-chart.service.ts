import { Inject, Injectable } from '@nestjs/common';
import { retentionFloor } from '../common/event-log-window';
import { idFloorAt } from '../common/ids';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { DeliveryStatus } from '../persistence/webhook-delivery.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
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
    private readonly deliveries: WebhookDeliveriesRepository,
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
    const rows =
      subscriptionIds?.length === 0 ? [] : await this.deliveries.bucketCounts(subscriptionIds, lo, offset, size);
    for (const r of rows) {
      const series = SERIES[r.status as DeliveryStatus];
      const at = buckets[Math.min(Math.max(Number(r.b) - first, 0), buckets.length - 1)];
      if (!series || !at) continue;
      at[series] += Number(r.n);
      totals[series] += Number(r.n);
    }
    return { period, bucket, since, until: now, buckets, totals };
  }
}
