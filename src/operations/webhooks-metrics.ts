import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type * as PromClient from 'prom-client';
import type { DisabledReason } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { AttemptOutcome, DISABLED_REASONS, DURATION_BUCKETS, METRICS, outcomeOf } from './metric-names';
import { OldestDueEntry } from './oldest-due-entry';
import { hasPackage, loadPackage } from './optional-package';
import { withTimeout } from './with-timeout';

interface Instruments {
  published: PromClient.Counter<'event_type'>;
  filtered: PromClient.Counter<'event_type'>;
  attempts: PromClient.Counter<'event_type' | 'outcome'>;
  exhausted: PromClient.Counter;
  duration: PromClient.Histogram;
  disabled: PromClient.Counter<'reason'>;
}

/** The module instances that can answer the due-lag gauge, per registry (several apps may share one). */
const lagSources = new WeakMap<object, Set<OldestDueEntry>>();

/** A scrape waits this long for the database before it keeps the gauge's last value. */
const LAG_QUERY_TIMEOUT_MS = 2000;

/**
 * Prometheus metrics on prom-client (an optional peer, loaded only when metrics are on). Each
 * method is one call on the delivery path and costs a counter increment; with metrics off it
 * does nothing. Several module instances on one registry share the same metrics.
 */
@Injectable()
export class WebhooksMetrics implements OnApplicationShutdown {
  private readonly logger = new Logger('WebhooksMetrics');
  private readonly instruments?: Instruments;
  private readonly registry?: PromClient.Registry;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions,
    private readonly oldestDue: OldestDueEntry,
  ) {
    const on = options.metrics === 'auto' ? hasPackage('prom-client') : options.metrics;
    if (!on) return;
    const prom = loadPackage<typeof PromClient>('prom-client', 'option "metrics"');
    this.registry = (options.metricsRegistry as PromClient.Registry | undefined) ?? prom.register;
    this.instruments = this.register(prom, this.registry);
    const sources = lagSources.get(this.registry) ?? new Set();
    sources.add(oldestDue);
    lagSources.set(this.registry, sources);
  }

  /** Whether metrics are being counted (prom-client loaded and `metrics` not false). */
  get enabled(): boolean {
    return this.instruments !== undefined;
  }

  /** An event published (one per publish call, whatever the number of matching subscriptions). */
  published(eventType: string): void {
    this.instruments?.published.inc({ event_type: eventType });
  }

  /** An event kept from `count` subscriptions by their filters (no entry written for them). */
  filtered(eventType: string, count: number): void {
    if (count > 0) this.instruments?.filtered.inc({ event_type: eventType }, count);
  }

  /** One attempt made; `exhausted` when it left its entry `failed` for good. */
  attempted(
    eventType: string,
    result: { ok: boolean; status: number | null; error: string | null; final?: boolean; durationMs: number },
    exhausted: boolean,
  ): void {
    const m = this.instruments;
    if (!m) return;
    const outcome: AttemptOutcome = outcomeOf(result);
    m.attempts.inc({ event_type: eventType, outcome });
    m.duration.observe(result.durationMs / 1000);
    if (exhausted) m.exhausted.inc();
  }

  /** An endpoint deactivated by the module (not by an admin's PATCH). */
  endpointDisabled(reason: DisabledReason): void {
    this.instruments?.disabled.inc({ reason: DISABLED_REASONS.includes(reason) ? reason : 'other' });
  }

  onApplicationShutdown(): void {
    if (this.registry) lagSources.get(this.registry)?.delete(this.oldestDue);
  }

  private register(prom: typeof PromClient, registry: PromClient.Registry): Instruments {
    const registers = [registry];
    // Reuse what another instance of the module registered on the same registry.
    const existing = <T>(name: string): T | undefined => registry.getSingleMetric(name) as T | undefined;
    const logger = this.logger;
    if (!existing(METRICS.dueLag)) {
      new prom.Gauge({
        name: METRICS.dueLag,
        help: 'Age in seconds of the oldest event-log entry that is due and not yet delivered',
        registers,
        async collect() {
          const source = [...(lagSources.get(registry) ?? [])].pop();
          if (!source) return;
          // The database down: keep the last value (the health check reports the outage).
          await withTimeout(source.ageSeconds(), LAG_QUERY_TIMEOUT_MS).then(
            (age) => this.set(age),
            (err) => logger.warn(LOG.metricNotUpdated(METRICS.dueLag, err?.code ?? err?.message)),
          );
        },
      });
    }
    return {
      published:
        existing(METRICS.published) ??
        new prom.Counter({
          name: METRICS.published,
          help: 'Events published, by event type',
          labelNames: ['event_type'],
          registers,
        }),
      filtered:
        existing(METRICS.filtered) ??
        new prom.Counter({
          name: METRICS.filtered,
          help: 'Events kept from a subscription by its payload filter (one per subscription), by event type',
          labelNames: ['event_type'],
          registers,
        }),
      attempts:
        existing(METRICS.attempts) ??
        new prom.Counter({
          name: METRICS.attempts,
          help: 'Delivery attempts made, by event type and outcome',
          labelNames: ['event_type', 'outcome'],
          registers,
        }),
      exhausted:
        existing(METRICS.exhausted) ??
        new prom.Counter({
          name: METRICS.exhausted,
          help: 'Event-log entries that ended failed: no attempt left, or a blocked destination',
          registers,
        }),
      duration:
        existing(METRICS.attemptDuration) ??
        new prom.Histogram({
          name: METRICS.attemptDuration,
          help: 'Duration of delivery attempts in seconds',
          buckets: DURATION_BUCKETS,
          registers,
        }),
      disabled:
        existing(METRICS.endpointsDisabled) ??
        new prom.Counter({
          name: METRICS.endpointsDisabled,
          help: 'Endpoints deactivated by the module, by reason',
          labelNames: ['reason'],
          registers,
        }),
    };
  }
}
