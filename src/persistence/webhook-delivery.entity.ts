import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime } from './columns';

/**
 * Statuses of an event-log entry: `pending` (not yet attempted), `retrying` (failed, next
 * attempt scheduled), `succeeded`, `failed` (attempts exhausted or endpoint gone), `canceled`.
 *
 * @publicApi
 */
export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed', 'canceled'] as const;
/**
 * One of `DELIVERY_STATUSES`.
 *
 * @publicApi
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The statuses of an entry not yet ended: it is due, or waits for its next attempt. */
export const OPEN_STATUSES: DeliveryStatus[] = ['pending', 'retrying'];

/**
 * The indexes of `webhook_deliveries`, by what they serve: the `@Index` declarations below and
 * the repositories' index hints name them from here. Which query takes which: docs/event-log.md.
 */
export const DELIVERY_INDEXES = {
  subscription: 'idx_webhook_deliveries_subscription',
  subscriptionStatus: 'idx_webhook_deliveries_subscription_status',
  status: 'idx_webhook_deliveries_status',
  eventType: 'idx_webhook_deliveries_event_type',
  due: 'idx_webhook_deliveries_due',
  subject: 'idx_webhook_deliveries_subject',
  subjectSubscription: 'idx_webhook_deliveries_subject_subscription',
  order: 'idx_webhook_deliveries_order',
  eventNumber: 'idx_webhook_deliveries_event_number',
} as const;

/**
 * One entry of the event log: one event for one subscription. Its id is a UUIDv7, so ids
 * sort by creation time and serve keyset pagination (newest first) on their own.
 */
@Entity('webhook_deliveries')
@Index(DELIVERY_INDEXES.subscription, ['subscriptionId', 'id'])
@Index(DELIVERY_INDEXES.subscriptionStatus, ['subscriptionId', 'status', 'id'])
@Index(DELIVERY_INDEXES.status, ['status', 'id'])
@Index(DELIVERY_INDEXES.eventType, ['eventType', 'id'])
@Index(DELIVERY_INDEXES.due, ['status', 'nextAttemptAt'])
@Index(DELIVERY_INDEXES.subject, ['subjectHash', 'id'])
@Index(DELIVERY_INDEXES.subjectSubscription, ['subjectHash', 'subscriptionId', 'id'])
@Index(DELIVERY_INDEXES.order, ['subscriptionId', 'subjectHash', 'orderSeq'])
@Index(DELIVERY_INDEXES.eventNumber, ['subscriptionId', 'eventNumber'])
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The published event; shared by the entries of every matching subscription. */
  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  /**
   * Where the entry's latest attempt went (the subscription's URL at publish, before any
   * attempt). Each attempt records its own URL, so where the data first went stays in the log.
   */
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /**
   * The exact JSON body sent (payload with `eventType`), sealed when `encryptPayloads` is on
   * (`v1.<key id>...`); empty once expunged.
   */
  @Column({ type: 'text' })
  payload: string;

  /** True once the payload and response bodies were erased on request. */
  @Column({ name: 'payload_expunged', type: 'boolean', default: false })
  payloadExpunged: boolean;

  /** Keyed hash of the event's subject (see SubjectHasher): searchable, reveals nothing. */
  @Column({ name: 'subject_hash', type: 'varchar', length: 64, nullable: true })
  subjectHash: string | null;

  /** The subject, sealed: shown on list items to callers who may see the payload. */
  @Column({ name: 'subject_sealed', type: 'varchar', length: 1536, nullable: true })
  subjectSealed: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  /**
   * Place in its subject's publish order, on a subscription with `ordering: subject` (bigint,
   * read as text); null otherwise, and once a resend took the entry out of the order. While an
   * earlier entry of the subject is pending or retrying, this one waits: `pending` with
   * `nextAttemptAt` null and no job.
   */
  @Column({ name: 'order_seq', type: 'bigint', nullable: true })
  orderSeq: string | null;

  /**
   * The event's number on its subscription (a `fhir-r4` one: bigint, read as text): 1, 2, 3...
   * without gaps, in commit order, the same over retries and resends; null for the other formats.
   */
  @Column({ name: 'event_number', type: 'bigint', nullable: true })
  eventNumber: string | null;

  /** Attempts made over the entry's whole life (resends included). */
  @Column({ name: 'attempt_count', type: 'int', default: 0 })
  attemptCount: number;

  /** Attempts made in the current run of the retry schedule (a resend starts a new run). */
  @Column({ name: 'run_attempts', type: 'int', default: 0 })
  runAttempts: number;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError: string | null;

  /** When the next attempt is due; null once the entry is final. */
  @Column({ name: 'next_attempt_at', ...dateTime, nullable: true })
  nextAttemptAt: Date | null;

  /** Set while a worker holds the attempt; an expired lease means the worker died. */
  @Column({ name: 'lease_until', ...dateTime, nullable: true })
  leaseUntil: Date | null;

  /** Which claim holds the lease: lets one UPDATE claim a batch and one SELECT read it back. */
  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  /** The attempt after which the entry's exhaustion was announced (`webhooks.delivery.exhausted`): once per occurrence. */
  @Column({ name: 'exhausted_attempt', type: 'int', nullable: true })
  exhaustedAttempt: number | null;

  @Column({ name: 'created_at', ...dateTime })
  createdAt: Date;

  @Column({ name: 'updated_at', ...dateTime })
  updatedAt: Date;
}
