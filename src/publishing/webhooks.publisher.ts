import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { MicroBatcher } from '../common/micro-batcher';
import { DeliveryQueueService, DueAttempt, firstAttempt } from '../delivery/delivery-queue.service';
import { EventNumbersService, NumberedRow } from '../delivery/event-numbers.service';
import { OrderedRow, SubjectOrderService } from '../delivery/subject-order.service';
import { isWebhookEventType, WebhookEventType } from '../event-types/event-types';
import { ActiveSubscriptionsService } from '../filters/active-subscriptions.service';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { SubjectHasher } from '../lab-data/subject-hasher';
import { subjectOfEvent } from '../lab-data/subject-of';
import { WebhooksMetrics } from '../operations/webhooks-metrics';
import { NewEntry, pendingEntry, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG, MESSAGES } from '../webhooks.messages';
import { PayloadCheck } from './payload-check';
import { WebhookPublishError } from './publish-errors';
import { TransactionOutbox } from './transaction-outbox';

/**
 * Options of `WebhooksPublisher.publish`.
 *
 * @publicApi
 */
export interface PublishOptions {
  /** Write the event-log entries inside this transaction (transactional outbox). */
  manager?: EntityManager;
}

/**
 * What `WebhooksPublisher.publish` wrote.
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

/** Publishes gathered into one INSERT and one `addBulk` (see WebhooksPublisher.publish). */
const PUBLISH_BATCH_SIZE = 200;
const PUBLISH_BATCH_WAIT_MS = 2;

/** One plain publish waiting for its batch: its rows, and the attempts to queue once they are written. */
interface Gathered {
  rows: NewEntry[];
  attempts: DueAttempt[];
}

/**
 * Publishing: one event-log entry per matching subscription, written to the database (the
 * source of truth), then handed to the queue.
 *
 * @publicApi
 */
@Injectable()
export class WebhooksPublisher {
  private readonly logger = new Logger('WebhooksPublish');
  /** Resolves each publish with null once its rows are committed, or with the error that kept them out. */
  private readonly gathered = new MicroBatcher<Gathered, unknown>(
    (items) => this.writeGathered(items),
    PUBLISH_BATCH_SIZE,
    PUBLISH_BATCH_WAIT_MS,
  );

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly outbox: TransactionOutbox,
    private readonly metrics: WebhooksMetrics,
    private readonly order: SubjectOrderService,
    private readonly sealer: PayloadSealer,
    private readonly subjects: SubjectHasher,
    private readonly activeSubscriptions: ActiveSubscriptionsService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly payloadCheck: PayloadCheck,
    private readonly numbers: EventNumbersService,
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
    const numberedIds = new Set(subscriptions.filter((s) => s.format === 'fhir-r4').map((s) => s.id));
    const eventId = newId();
    const now = new Date();
    // Sealed once per event, whatever the number of subscriptions: every entry stores the same text.
    const stored = subscriptions.length ? this.sealer.seal(body) : '';
    const subject = subscriptions.length ? subjectOfEvent(this.options.subjectOf, eventType, payload) : null;
    const subjectHash = subject === null ? null : this.subjects.hash(subject);
    const subjectSealed = this.sealer.sealSubject(subject);
    const rows = subscriptions.map((s) =>
      pendingEntry(
        {
          id: newId(),
          eventId,
          eventType,
          subscriptionId: s.id,
          url: s.url,
          payload: stored,
          subjectHash,
          subjectSealed,
        },
        now,
      ),
    );
    const ordered = rows.filter(
      (r): r is (typeof rows)[number] & OrderedRow => r.subjectHash !== null && orderedIds.has(r.subscriptionId),
    );
    const numbered = rows.filter((r) => numberedIds.has(r.subscriptionId));
    if (rows.length && !ordered.length && !numbered.length && !options.manager) {
      // A plain publish: written and queued together with those made at the same time.
      const attempts = rows.map(firstAttempt);
      const failed = await this.gathered.add({ rows, attempts });
      if (failed) throw failed;
      this.metrics.published(eventType);
      return { eventId, deliveryIds: rows.map((r) => r.id) };
    }
    // An ordered entry's place, a numbered entry's number and the entry commit together
    // (see SubjectOrderService, EventNumbersService).
    if ((ordered.length || numbered.length) && !manager.queryRunner?.isTransactionActive) {
      await this.dataSource.transaction((m) => this.write(m, rows, ordered, numbered));
    } else {
      await this.write(manager, rows, ordered, numbered);
    }
    const attempts = rows.filter((r) => r.orderSeq === null).map(firstAttempt);
    if (rows.length && !this.outbox.defer(options.manager?.queryRunner, attempts, ordered)) {
      await this.deliveryQueue
        .enqueue(attempts)
        .catch((err) => this.logger.warn(LOG.enqueueOfEventFailed(attempts.length, eventId, err?.message ?? err)));
      await this.order.release(ordered);
    }
    this.metrics.published(eventType);
    return { eventId, deliveryIds: rows.map((r) => r.id) };
  }

  /**
   * The rows of publishes made together, in one multi-row INSERT (one commit) when they fit in
   * one statement, else in one transaction; then their jobs in one `addBulk`. Each publish
   * gets null once its rows are committed. If the batch is refused, each publish is written
   * alone, so that one publish's bad row cannot fail the others.
   */
  private async writeGathered(items: Gathered[]): Promise<unknown[]> {
    const rows = items.flatMap((i) => i.rows);
    let results: unknown[];
    try {
      await this.insertCommitted(rows);
      results = items.map(() => null);
    } catch (err) {
      if (items.length === 1) return [err];
      results = await Promise.all(
        items.map((i) =>
          this.insertCommitted(i.rows).then(
            () => null,
            (e: unknown) => e,
          ),
        ),
      );
    }
    const attempts = items.flatMap((i, n) => (results[n] ? [] : i.attempts));
    await this.deliveryQueue
      .enqueue(attempts)
      .catch((err) => this.logger.warn(LOG.enqueueFailed(attempts.length, err?.message ?? err)));
    return results;
  }

  /** Writes `rows`, all or none, committed when it resolves. */
  private async insertCommitted(rows: NewEntry[]): Promise<void> {
    if (rows.length <= this.rowsPerInsert(rows)) await this.write(this.dataSource.manager, rows, []);
    else await this.dataSource.transaction((m) => this.write(m, rows, []));
  }

  private rowsPerInsert(rows: { payload: string }[]): number {
    const longest = rows.reduce((max, r) => Math.max(max, r.payload.length), 0);
    return Math.max(1, Math.min(Math.floor(MAX_INSERT_BYTES / (longest + 2048)), this.deliveries.maxRowsPerInsert));
  }

  /**
   * Numbers the ordered rows (waiting, no job) and the rows of `fhir-r4` subscriptions, then
   * writes every row with multi-row INSERTs.
   */
  private async write(
    manager: EntityManager,
    rows: NewEntry[],
    ordered: OrderedRow[],
    numbered: NumberedRow[] = [],
  ): Promise<void> {
    if (ordered.length) await this.order.number(manager, ordered);
    if (numbered.length) await this.numbers.number(manager, numbered);
    const perInsert = this.rowsPerInsert(rows);
    for (let i = 0; i < rows.length; i += perInsert)
      await this.deliveries.insert(manager, rows.slice(i, i + perInsert));
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
    const sent = given === undefined ? { ...payload, eventType } : (payload as Record<string, unknown>);
    let body: string;
    try {
      body = JSON.stringify(sent);
    } catch (err) {
      // V8 serializes by recursion: a payload nested tens of thousands deep overflows the stack.
      throw new WebhookPublishError(
        err instanceof RangeError
          ? 'The payload is nested too deeply to serialize as JSON'
          : 'The payload must be serializable as JSON',
      );
    }
    if (Buffer.byteLength(body) > this.options.maxPayloadBytes) {
      throw new WebhookPublishError(MESSAGES.payloadTooLarge(this.options.maxPayloadBytes));
    }
    // After serializing: a payload too deep for JSON is refused before the validator walks it.
    this.payloadCheck.check(eventType, sent);
    return body;
  }

  /** Active subscriptions to the event whose projectTemplateId, when set, matches the payload's, and whose filter accepts it. */
  private async matching(eventType: string, payload: Record<string, unknown>) {
    const active = await this.activeSubscriptions.all();
    const template = payload.projectTemplateId;
    const candidates = active.filter(
      (s) =>
        s.events.includes(eventType) &&
        (s.projectTemplateId === null ||
          (template !== undefined && template !== null && String(template) === s.projectTemplateId)),
    );
    // Filters run on the body as sent (eventType included), before any entry is written.
    const body = payload.eventType === undefined ? { ...payload, eventType } : payload;
    const matching = candidates.filter((s) => s.accepts === null || s.accepts(body));
    this.metrics.filtered(eventType, candidates.length - matching.length);
    return matching;
  }
}
