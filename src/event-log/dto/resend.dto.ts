import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

export const MAX_RESEND_IDS = 100;

// applyDecorators applies its list in order, so with stopAtFirstError presence and type come first.
const IdsField = () =>
  applyDecorators(
    ApiProperty({ type: [String], minItems: 1, maxItems: MAX_RESEND_IDS, description: 'Event-log entry ids' }),
    IsDefined(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_RESEND_IDS),
    IsString({ each: true }),
    MaxLength(64, { each: true }),
  );

/** `confirmNewUrl` of resend and recover. */
export const ConfirmNewUrlField = () =>
  applyDecorators(
    ApiPropertyOptional({
      default: false,
      description:
        "Send entries whose last attempt went to another URL than their endpoint's current one (after the endpoint's URL was changed); without it such a request is a 409 naming both URLs. Audited as `events.redirected`",
    }),
    IsOptional(),
    IsBoolean({ message: 'confirmNewUrl must be true or false' }),
  );

/**
 * Body of `POST /webhooks/events/resend`.
 *
 * @publicApi
 */
export class ResendEventsDto {
  @IdsField()
  ids: string[];

  @ConfirmNewUrlField()
  confirmNewUrl?: boolean;
}

/**
 * Answer of `POST /webhooks/events/resend` (202).
 *
 * @publicApi
 */
export class ResendResultDto {
  @ApiProperty({ type: [String], description: 'Entries set back to pending and queued to be sent now' })
  queued: string[];
  @ApiProperty({
    type: [String],
    description: 'Ids that do not exist, are past retention, or are not visible to the caller',
  })
  notFound: string[];
}
