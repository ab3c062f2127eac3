import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BackgroundJob } from '../common/background-job';
import { newId } from '../common/ids';
import { DeliveryQueueService, DueAttempt, firstAttempt } from '../delivery/delivery-queue.service';
import { EventNumbersService } from '../delivery/event-numbers.service';
import { FhirNoticePayload, FhirNoticeType } from '../formats/fhir/notification-bundle';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { pendingEntry, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';

/** How often an instance looks for quiet subscriptions due a heartbeat. */
const HEARTBEAT_CHECK_MS = 15_000;

/**
 * The `fhir-r4` notices that carry no event, written to the event log like any entry (so they
 * are signed, retried, shown and resent the same way): a `handshake` when a subscription is
 * created or re-activated, a `heartbeat` when one has had no entry for its
 * `heartbeatPeriodSeconds`. Instances checking at the same time take the subscription's event
 * counter row as a lock, so a quiet subscription gets one heartbeat, not one per instance.
 */
@Injectable()
export class FhirNoticesService implements BackgroundJob {
  private readonly logger = new Logger('WebhooksFhir');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly queue: DeliveryQueueService,
    private readonly numbers: EventNumbersService,
    private readonly sealer: PayloadSealer,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.beat().catch((err) => this.logger.warn(LOG.heartbeatsNotChecked(err?.code ?? err?.message)));
    }, HEARTBEAT_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Inside the transaction that creates or re-activates `s`: its handshake entry, to queue once committed. */
  async handshake(m: EntityManager, s: WebhookSubscriptionEntity): Promise<DueAttempt> {
    return this.write(m, s, 'handshake', await this.numbers.current(s.id, m), new Date());
  }

  /** Queues what `handshake` wrote, after the commit; the requeue sweep covers a failure. */
  async enqueue(attempts: DueAttempt[]): Promise<void> {
    await this.queue
      .enqueue(attempts)
      .catch((err) => this.logger.warn(LOG.noticesNotQueued(attempts.length, err?.message)));
  }

  /** Writes a heartbeat for each active `fhir-r4` subscription quiet for its period at `now`; returns their entry ids. */
  async beat(now = new Date()): Promise<string[]> {
    const subscriptions = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .findBy({ active: true, format: 'fhir-r4' });
    const due: DueAttempt[] = [];
    for (const s of subscriptions) {
      const period = s.fhir?.heartbeatPeriodSeconds;
      if (!period) continue;
      const since = new Date(now.getTime() - period * 1000);
      const quietSince = async (m: EntityManager) => (await this.deliveries.newestCreatedAt(m, s.id)) ?? s.updatedAt;
      // Entries are only added: one that is not quiet without the lock is not quiet with it, so
      // the counter row (which a publish to this subscription waits on) is locked only when due.
      if ((await quietSince(this.dataSource.manager)) > since) continue;
      const attempt = await this.dataSource.transaction(async (m) => {
        const count = await this.numbers.lock(m, s.id);
        return (await quietSince(m)) <= since ? this.write(m, s, 'heartbeat', count, now) : null;
      });
      if (attempt) due.push(attempt);
    }
    await this.enqueue(due);
    return due.map((a) => a.deliveryId);
  }

  private async write(
    m: EntityManager,
    s: WebhookSubscriptionEntity,
    type: FhirNoticeType,
    eventsSinceSubscriptionStart: string,
    now: Date,
  ): Promise<DueAttempt> {
    const payload: FhirNoticePayload = { eventType: type, eventsSinceSubscriptionStart };
    const row = pendingEntry(
      {
        id: newId(),
        eventId: newId(),
        eventType: type,
        subscriptionId: s.id,
        url: s.url,
        payload: this.sealer.seal(JSON.stringify(payload)),
        subjectHash: null,
        subjectSealed: null,
      },
      now,
    );
    await this.deliveries.insert(m, [row]);
    return firstAttempt(row);
  }
}
