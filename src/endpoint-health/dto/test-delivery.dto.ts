import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../event-types/event-types';

/** Body of `POST /<prefix>/subscriptions/:id/test` (optional: no body sends the `webhook_test` ping). */
export class TestDeliveryRequestDto {
  @ApiPropertyOptional({
    enum: WEBHOOK_EVENT_TYPES,
    description:
      "Send this event type's catalog example (`GET /event-types`) instead of the `webhook_test` ping: the body a real event of that type would get, with its `webhook-schema` header",
  })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_TYPES, { message: `eventType must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventType?: WebhookEventType;
}

/** What the receiver answered to a test delivery, or why it got none. */
export class TestDeliveryResultDto {
  @ApiProperty({ description: 'True for a 2xx within `deliveryTimeoutMs`' }) ok: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status; null when no response came' }) status:
    number | null;
  @ApiProperty({ description: 'Time to the end of the response (or the failure)' }) durationMs: number;
  @ApiProperty({ nullable: true, type: String, description: 'Response body, capped at `responseBodyLimitBytes`' })
  responseBody: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it failed: `HTTP 500`, `timeout`, `connection refused`, `destination blocked`, ...',
  })
  error: string | null;
}
