import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import { SUBSCRIPTION_ORDERINGS } from '../../persistence/webhook-subscription.entity';
import { USER_ID } from '../subscription.validators';

// class-validator checks decorators in the order they are applied; applyDecorators applies its
// list first to last, so with stopAtFirstError the presence and type checks come first.

/**
 * Optional, but not nullable: unlike `IsOptional`, lets `null` through to the type checks, so
 * `{"events": null}` is a 400 rather than a NOT NULL violation (500) on update.
 */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/** `events`: 1..7 distinct names of the seven. */
export const EventsField = (required: boolean) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({
      enum: WEBHOOK_EVENT_TYPES,
      isArray: true,
      minItems: 1,
      maxItems: 7,
    }),
    required ? IsDefined() : IsOptionalNotNull(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(WEBHOOK_EVENT_TYPES.length),
    ArrayUnique({ message: 'events must not name an event twice' }),
    IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], {
      each: true,
      message: `events must each be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    }),
  );

/** `userIds`: the Webhook Users assigned to the endpoint. */
export const UserIdsField = () =>
  applyDecorators(
    ApiPropertyOptional({ description: 'Webhook Users assigned to this endpoint', type: [String], maxItems: 100 }),
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(100),
    ArrayUnique({ message: 'userIds must not name a user twice' }),
    IsString({ each: true }),
    Length(1, 191, { each: true }),
    Matches(USER_ID, { each: true, message: 'userIds must not contain whitespace or control characters' }),
  );

/** `ordering`: whether entries that share a subject wait for each other. */
export const ORDERING_DESCRIPTION =
  '`subject`: entries about one lab object (report, requisition, sample) are delivered in publish order; ' +
  'a later one waits while an earlier one is pending or retrying. `none`: no waiting.';

export const OrderingField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: SUBSCRIPTION_ORDERINGS, default: 'none', description: ORDERING_DESCRIPTION }),
    IsOptionalNotNull(),
    IsIn(SUBSCRIPTION_ORDERINGS as unknown as string[], {
      message: `ordering must be one of: ${SUBSCRIPTION_ORDERINGS.join(', ')}`,
    }),
  );
