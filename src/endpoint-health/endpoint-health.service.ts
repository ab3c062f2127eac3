import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit-actions';
import { AuditTrailService } from '../audit/audit-trail.service';
import { ActiveSubscriptionsService } from '../filters/active-subscriptions.service';
import { WebhooksMetrics } from '../operations/webhooks-metrics';
import { cancelUndelivered } from '../persistence/cancel-undelivered';
import { DeliveryStatus, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { DisabledReason, WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { WEBHOOKS_OPERATIONAL_EVENTS as EVENTS } from './operational-events';

const HOUR_MS = 60 * 60 * 1000;

/** One recorded attempt, as far as the endpoint's health is concerned. */
export interface RecordedAttempt {
  deliveryId: string;
  subscriptionId: string;
  eventType: string;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  error: string | null;
  /** The subscription had `failingSince` set when the attempt was claimed. */
  wasFailing: boolean;
}

/**
 * Keeps each endpoint's health after its attempts are recorded: a 410 deactivates it at once;
 * an entry that ends `failed` is announced, starts the failing clock, and deactivates the
 * endpoint once the clock passes `disableAfterFailingHours`; the first success stops the clock.
 * Every change is a conditional UPDATE and only the instance whose UPDATE changed a row emits,
 * so each occurrence is announced once however many workers run.
 */
@Injectable()
export class EndpointHealthService {
  private readonly logger = new Logger('WebhooksHealth');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly metrics: WebhooksMetrics,
    private readonly audit: AuditTrailService,
    private readonly activeSubscriptions: ActiveSubscriptionsService,
    @Optional() private readonly emitter?: EventEmitter2,
  ) {}

  /** Never throws: a failure here must not fail the delivery; the next attempt tries again. */
  async afterRecorded(batch: RecordedAttempt[]): Promise<void> {
    const steps = [
      ...batch.filter((a) => a.responseStatus === 410).map((a) => () => this.disable(a.subscriptionId, 'gone')),
      ...batch.filter((a) => a.status === 'failed' && a.responseStatus !== 410).map((a) => () => this.exhausted(a)),
      ...[...new Set(batch.filter((a) => a.status === 'succeeded' && a.wasFailing).map((a) => a.subscriptionId))].map(
        (id) => () => this.healthyAgain(id),
      ),
    ];
    for (const step of steps) {
      await step().catch((err) => this.logger.warn(LOG.healthNotUpdated(err?.code ?? err?.message ?? err)));
    }
  }

  /** Deactivates an endpoint (if still active, and for `failing` only once its clock ran out) and cancels what it had not yet received. */
  async disable(subscriptionId: string, reason: DisabledReason): Promise<boolean> {
    const now = new Date();
    const disabled = await this.dataSource.transaction(async (m) => {
      const qb = m
        .createQueryBuilder()
        .update(WebhookSubscriptionEntity)
        .set({ active: false, disabledReason: reason, disabledAt: now, updatedAt: now })
        .where('id = :id AND active = :active', { id: subscriptionId, active: true });
      if (reason === 'failing') {
        qb.andWhere('failing_since <= :threshold', {
          threshold: new Date(now.getTime() - this.options.disableAfterFailingHours * HOUR_MS),
        });
      }
      if (!(await qb.execute()).affected) return null;
      await cancelUndelivered(m, subscriptionId);
      await this.audit.record(m, {
        actorId: SYSTEM_ACTOR,
        action: 'endpoint.disabled',
        subscriptionId,
        changes: ['active', 'disabledReason'],
      });
      return m.findOneBy(WebhookSubscriptionEntity, { id: subscriptionId });
    });
    if (!disabled) return false;
    await this.activeSubscriptions.changed();
    this.metrics.endpointDisabled(reason);
    this.logger.warn(LOG.endpointDeactivated(subscriptionId, reason));
    this.emit(EVENTS.endpointDisabled, {
      subscriptionId,
      url: disabled.url,
      reason,
      failingSince: disabled.failingSince,
    });
    return true;
  }

  private async exhausted(a: RecordedAttempt): Promise<void> {
    const won = await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({ exhaustedAttempt: a.attempt })
      .where(
        'id = :id AND status = :failed AND attempt_count = :n AND (exhausted_attempt IS NULL OR exhausted_attempt < :n)',
        {
          id: a.deliveryId,
          failed: 'failed',
          n: a.attempt,
        },
      )
      .execute();
    if (!won.affected) return;
    this.emit(EVENTS.deliveryExhausted, {
      deliveryId: a.deliveryId,
      subscriptionId: a.subscriptionId,
      eventType: a.eventType,
      lastError: a.error,
    });
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ failingSince: new Date() })
      .where('id = :id AND failing_since IS NULL', { id: a.subscriptionId })
      .execute();
    if (this.options.disableAfterFailingHours > 0) await this.disable(a.subscriptionId, 'failing');
  }

  /** The first success after the failing clock started: the endpoint is healthy again. */
  private async healthyAgain(subscriptionId: string): Promise<void> {
    const cleared = await this.dataSource
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ failingSince: null })
      .where('id = :id AND failing_since IS NOT NULL', { id: subscriptionId })
      .execute();
    if (!cleared.affected) return;
    const s = await this.dataSource.getRepository(WebhookSubscriptionEntity).findOneBy({ id: subscriptionId });
    this.emit(EVENTS.endpointRecovered, { subscriptionId, url: s?.url ?? '' });
  }

  /** A host listener that throws must not undo what was recorded. */
  private emit(name: string, payload: object): void {
    try {
      this.emitter?.emit(name, payload);
    } catch (err) {
      this.logger.warn(LOG.listenerFailed(name, err?.message ?? err));
    }
  }
}
