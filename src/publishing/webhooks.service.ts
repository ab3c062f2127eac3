import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { DeliveryQueueService } from '../delivery/delivery-queue.service';
import { OrderedRow, SubjectOrder } from '../delivery/subject-order.service';
import { isWebhookEventType, WebhookEventType } from '../event-types/event-types';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { SubjectHasher } from '../lab-data/subject-hasher';
import { subjectOfEvent } from '../lab-data/subject-of';
import { WebhooksMetrics } from '../operations/webhooks-metrics';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { ActiveSubscriptions } from '../subscriptions/active-subscriptions.service';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { WebhookPublishError } from './publish-errors';
import { TransactionOutbox } from './transaction-outbox';

/**
 * Options of `WebhooksService.publish`.
 *
 * @publicApi
 */
export interface PublishOptions {
  /** Write the event-log entries inside this transaction (transactional outbox). */
  manager?: EntityManager;
}

/**
 * What `WebhooksService.publish` wrote.
 *
 * @publicApi
 */
export interface PublishResult {
  /** Id of the published event, shared by the entries of every matching subscription. */
  eventId: string;
  /** One event-log entry per matching subscription. */
  deliveryIds: string[];
}

/** Rows per INSERT: keeps each statement well under MySQL's max_allowed_packet. */
const MAX_INSERT_BYTES = 4 * 1024 * 1024;

/**
 * Publishing: one event-log entry per matching subscription, written to the database (the
 * source of truth), then handed to the queue.
 *
 * @publicApi
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('WebhooksPublish');

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly outbox: TransactionOutbox,
    private readonly metrics: WebhooksMetrics,
    private readonly order: SubjectOrder,
    private readonly sealer: PayloadSealer,
    private readonly subjects: SubjectHasher,
    private readonly activeSubscriptions: ActiveSubscriptions,
  ) {}

  async publish(
    eventType: WebhookEventType,
    payload: Record<string, unknown>,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    const body = this.serialize(eventType, payload);
    const manager = options.manager ?? this.dataSource.manager;
    const subscriptions = await this.matching(eventType, payload);
    const orderedIds = new Set(subscriptions.filter((s) => s.ordering === 'subject').map((s) => s.id));
    const eventId = newId();
    const now = new Date();
    // Sealed once per event, whatever the number of subscriptions: every entry stores the same text.
    const stored = subscriptions.length ? this.sealer.seal(body) : '';
    const subject = subscriptions.length ? subjectOfEvent(this.options.subjectOf, eventType, payload) : null;
    const subjectHash = subject === null ? null : this.subjects.hash(subject);
    const subjectSealed = this.sealer.sealSubject(subject);
    const rows = subscriptions.map((s) => ({
      id: newId(),
      eventId,
      eventType,
      subscriptionId: s.id,
      url: s.url,
      payload: stored,
      payloadExpunged: false,
      subjectHash,
      subjectSealed,
      status: 'pending' as const,
      orderSeq: null as string | null,
      attemptCount: 0,
      runAttempts: 0,
      lastResponseStatus: null,
      lastError: null,
      nextAttemptAt: now as Date | null,
      leaseUntil: null,
      leaseToken: null,
      createdAt: now,
      updatedAt: now,
    }));
    const ordered = rows.filter(
      (r): r is (typeof rows)[number] & OrderedRow => r.subjectHash !== null && orderedIds.has(r.subscriptionId),
    );
    // An ordered entry's number and the entry commit together (see SubjectOrder).
    if (ordered.length && !manager.queryRunner?.isTransactionActive) {
      await this.dataSource.transaction((m) => this.write(m, rows, ordered));
    } else {
      await this.write(manager, rows, ordered);
    }
    const attempts = rows.filter((r) => r.orderSeq === null).map((r) => ({ deliveryId: r.id, attempt: 1, url: r.url }));
    if (rows.length && !this.outbox.defer(options.manager?.queryRunner, attempts, ordered)) {
      await this.deliveryQueue
        .enqueue(attempts)
        .catch((err) =>
          this.logger.warn(
            `enqueue failed for ${attempts.length} entries of event ${eventId}; the recovery sweep will queue them: ${err?.message ?? err}`,
          ),
        );
      await this.order.release(ordered);
    }
    this.metrics.published(eventType);
    return { eventId, deliveryIds: rows.map((r) => r.id) };
  }

  /** Numbers the ordered rows (waiting, no job), then writes every row with multi-row INSERTs. */
  private async write(manager: EntityManager, rows: { payload: string }[], ordered: OrderedRow[]): Promise<void> {
    if (ordered.length) await this.order.number(manager, ordered);
    const perInsert = Math.max(1, Math.floor(MAX_INSERT_BYTES / ((rows[0]?.payload.length ?? 0) + 2048)));
    for (let i = 0; i < rows.length; i += perInsert) {
      // updateEntity(false): no reload of defaults after the insert (ids are made here).
      await manager
        .createQueryBuilder()
        .insert()
        .into(WebhookDeliveryEntity)
        .values(rows.slice(i, i + perInsert))
        .updateEntity(false)
        .execute();
    }
  }

  /** The POST body: the payload with `eventType` set to the event name (no envelope). */
  private serialize(eventType: string, payload: unknown): string {
    if (!isWebhookEventType(eventType)) throw new WebhookPublishError(MESSAGES.unknownEventType(String(eventType)));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new WebhookPublishError(MESSAGES.payloadNotObject);
    }
    const given = (payload as Record<string, unknown>).eventType;
    if (given !== undefined && given !== eventType) {
      throw new WebhookPublishError(
        `payload.eventType "${String(given).slice(0, 64)}" differs from the event name "${eventType}"`,
      );
    }
    let body: string;
    try {
      body = JSON.stringify(given === undefined ? { ...payload, eventType } : payload);
    } catch {
      throw new WebhookPublishError('The payload must be serializable as JSON');
    }
    if (Buffer.byteLength(body) > this.options.maxPayloadBytes) {
      throw new WebhookPublishError(MESSAGES.payloadTooLarge(this.options.maxPayloadBytes));
    }
    return body;
  }

  /** Active subscriptions to the event whose projectTemplateId, when set, matches the payload's. */
  private async matching(eventType: string, payload: Record<string, unknown>) {
    const active = await this.activeSubscriptions.all();
    const template = payload.projectTemplateId;
    return active.filter(
      (s) =>
        s.events.includes(eventType) &&
        (s.projectTemplateId === null ||
          (template !== undefined && template !== null && String(template) === s.projectTemplateId)),
    );
  }
}
