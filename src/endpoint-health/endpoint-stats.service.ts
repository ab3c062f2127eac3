import { Inject, Injectable } from '@nestjs/common';
import { retentionFloor } from '../common/event-log-window';
import { idFloorAt } from '../common/ids';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { DELIVERY_STATUSES } from '../persistence/webhook-delivery.entity';
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
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  async stats(subscription: WebhookSubscriptionEntity, hours: number, now = new Date()): Promise<EndpointStatsDto> {
    const since = new Date(now.getTime() - hours * HOUR_MS);
    const floor = retentionFloor(now, this.options.retentionDays);
    const lo = [floor, idFloorAt(since)].sort().at(-1)!;
    const [counts, durations, lastSuccessAt] = await Promise.all([
      this.counts(subscription.id, lo),
      this.deliveries.attemptDurations(subscription.id, lo, DURATION_SAMPLE),
      this.deliveries.lastSuccessAt(subscription.id, floor),
    ]);
    durations.sort((a, b) => a - b);
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

  /** Every status, zero where none. */
  private async counts(subscriptionId: string, lo: string): Promise<StatusCountsDto> {
    const found = await this.deliveries.statusCounts(subscriptionId, lo);
    return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, found.get(s) ?? 0])) as unknown as StatusCountsDto;
  }
}
