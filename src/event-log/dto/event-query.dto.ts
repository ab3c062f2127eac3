import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import { DELIVERY_STATUSES, DeliveryStatus } from '../../persistence/webhook-delivery.entity';

// A date-time without a zone would be read in the server's local time; ask for one.
const ZONED = /^\d{4}-\d{2}-\d{2}(T.+(Z|[+-]\d{2}(:?\d{2})?))?$/i;

export const Instant = (field: 'since' | 'until') =>
  applyDecorators(
    IsOptional(),
    IsISO8601({ strict: true }, { message: `${field} must be an ISO 8601 date or date-time` }),
    Matches(ZONED, { message: `${field} must be a date (UTC) or a date-time with a zone, e.g. 2026-01-31T08:00:00Z` }),
    // ISO 8601 allows forms JavaScript cannot read (`2026-12-31T08Z`): they would silently match nothing.
    ValidateBy(
      {
        name: 'isReadableInstant',
        validator: { validate: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) },
      },
      { message: `${field} must be a date-time with hours and minutes, e.g. 2026-01-31T08:00:00Z` },
    ),
  );

/**
 * Filters of `GET /webhooks/events`; every one narrows an index range (see docs/event-log.md).
 *
 * @publicApi
 */
export class EventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries of this subscription' })
  @IsOptional()
  @IsUUID('all', { message: 'subscriptionId must be a UUID' })
  subscriptionId?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], {
    message: `eventType must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  eventType?: string;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES as unknown as string[], { message: `status must be one of: ${DELIVERY_STATUSES.join(', ')}` })
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
