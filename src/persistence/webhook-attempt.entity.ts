import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime, jsonText } from './columns';

export type AttemptTrigger = 'initial' | 'retry' | 'resend';
export const DELAY_REASONS = ['schedule', 'retry-after', 'retry-after-capped'] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];

/** One HTTP attempt of an event-log entry, with what the receiver answered. */
@Entity('webhook_attempts')
@Index('idx_webhook_attempts_delivery', ['deliveryId', 'attempt'])
export class WebhookAttemptEntity {
  /** UUIDv7, made by the sender so attempts can be written in batches. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId: string;

  /** 1-based number over the entry's whole life. */
  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'varchar', length: 8 })
  trigger: AttemptTrigger;

  /** The URL it was sent to; null on attempts recorded before this was kept (read as the entry's url). */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Column({ name: 'started_at', ...dateTime })
  startedAt: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs: number;

  /** Headers sent, Authorization redacted. */
  @Column({ name: 'request_headers', type: 'text', transformer: jsonText })
  requestHeaders: Record<string, string>;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_headers', type: 'text', nullable: true, transformer: jsonText })
  responseHeaders: Record<string, string> | null;

  /** Response body, capped at `responseBodyLimitBytes`; sealed when `encryptPayloads` is on. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  error: string | null;

  /** The wait chosen before the next attempt, in ms; null when none follows. */
  @Column({ name: 'next_delay_ms', type: 'int', nullable: true })
  nextDelayMs: number | null;

  /** Why that wait: the retry schedule, or the receiver's `Retry-After` (possibly capped). */
  @Column({ name: 'delay_reason', type: 'varchar', length: 24, nullable: true })
  delayReason: DelayReason | null;
}
