import { ApiProperty } from '@nestjs/swagger';
import { LOG_EVENT_TYPES } from '../../formats/fhir/notification-bundle';
import { AttemptTrigger, DELAY_REASONS, DelayReason } from '../../persistence/webhook-attempt.entity';
import { DELIVERY_STATUSES, DeliveryStatus } from '../../persistence/webhook-delivery.entity';

/**
 * One entry of the event log: one event for one subscription.
 *
 * @publicApi
 */
export class EventDto {
  @ApiProperty({ format: 'uuid', description: 'The entry id; also the `webhook-id` header the receiver gets' })
  id: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The published event; shared by the entries of every matching subscription',
  })
  eventId: string;
  @ApiProperty({
    enum: LOG_EVENT_TYPES,
    description: 'One of the seven events, or a FHIR `handshake` or `heartbeat` notice (docs/fhir.md)',
  })
  eventType: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId: string;
  @ApiProperty({ description: 'The URL the entry is (or was) sent to' }) url: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ description: "Attempts made over the entry's life, resends included" }) attemptCount: number;
  @ApiProperty({ nullable: true, type: Number }) lastResponseStatus: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the next attempt is due; null once final' })
  nextAttemptAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ description: 'True once the payload and response bodies were erased on request' })
  payloadExpunged: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The lab object the event is about (e.g. a report id); null when none or expunged',
  })
  subject: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '42',
    description:
      "The event's number on its `fhir-r4` subscription (gapless from 1); null for other formats and notices",
  })
  eventNumber: string | null;
}

/**
 * One HTTP attempt and what the receiver answered.
 *
 * @publicApi
 */
export class AttemptDto {
  @ApiProperty({ description: "1-based number over the entry's life" }) attempt: number;
  @ApiProperty({ enum: ['initial', 'retry', 'resend'] }) trigger: AttemptTrigger;
  @ApiProperty({
    description: "The URL it was sent to (for attempts recorded before this was kept: the entry's url)",
  })
  url: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty() durationMs: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Headers sent; Authorization redacted',
  })
  requestHeaders: Record<string, string>;
  @ApiProperty({ nullable: true, type: Number }) responseStatus: number | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: { type: 'string' } }) responseHeaders: Record<
    string,
    string
  > | null;
  @ApiProperty({ nullable: true, type: String, description: 'Response body, capped at `responseBodyLimitBytes`' })
  responseBody: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the attempt failed (timeout, network error, status)' })
  error: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The wait before the next attempt, in ms; null when none followed',
  })
  nextDelayMs: number | null;
  @ApiProperty({
    nullable: true,
    enum: DELAY_REASONS,
    description:
      "Why that wait: the retry schedule, or the receiver's Retry-After (on a 429 or 503; `-capped`: cut to `maxRetryAfterSeconds`)",
  })
  delayReason: DelayReason | null;
}

/**
 * One event-log entry with its payload and every attempt (`GET /webhooks/events/:id`).
 *
 * @publicApi
 */
export class EventDetailDto extends EventDto {
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'The JSON body sent (holds PHI); null once expunged',
  })
  payload: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "An `hl7v2` endpoint's entry: the ER7 message as sent, rendered again from the stored payload with the endpoint's current settings (segments end in `\\r`); null for other formats and once expunged",
  })
  message: string | null;
  @ApiProperty({ type: [AttemptDto], description: 'Oldest first' }) attempts: AttemptDto[];
}

/**
 * A page of the event log (`GET /webhooks/events`).
 *
 * @publicApi
 */
export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items: EventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
