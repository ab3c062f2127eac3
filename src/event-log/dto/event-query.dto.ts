import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { Instant, OptionalOneOf, OptionalUuid } from '../../common/query-filters';
import { LOG_EVENT_TYPES } from '../../formats/fhir/notification-bundle';
import { DELIVERY_STATUSES, DeliveryStatus } from '../../persistence/webhook-delivery.entity';

/**
 * Filters of `GET /webhooks/events`; every one narrows an index range (see docs/event-log.md).
 *
 * @publicApi
 */
export class EventQueryDto extends PageQueryDto {
  @OptionalUuid('subscriptionId', { description: 'Only entries of this subscription' })
  subscriptionId?: string;

  @OptionalOneOf('eventType', LOG_EVENT_TYPES)
  eventType?: string;

  @OptionalOneOf('status', DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({
    description: 'Only entries of this subject (exact match), e.g. a report id',
    example: 'R-123',
    maxLength: 200,
  })
  @IsOptional()
  @IsString({ message: 'subject must be a string' })
  @Length(1, 200, { message: 'subject must be 1 to 200 characters' })
  subject?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Entries created at or after this instant (ISO 8601, with a zone)',
    example: '2026-01-01T00:00:00Z',
  })
  @Instant('since')
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Entries created before this instant (exclusive; ISO 8601, with a zone)',
    example: '2026-01-31T00:00:00Z',
  })
  @Instant('until')
  until?: string;
}
