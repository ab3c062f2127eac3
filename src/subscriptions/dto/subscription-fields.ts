import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import { SUBSCRIPTION_FORMATS, SUBSCRIPTION_ORDERINGS } from '../../persistence/webhook-subscription.entity';
import { USER_ID } from '../subscription.validators';
import { FhirSettingsDto } from './fhir-settings.dto';
import { Hl7ReceiverDto } from './hl7-receiver.dto';

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

/** `format`: what each delivery's body is. */
export const FORMAT_DESCRIPTION =
  "The body of each delivery: `json` (the event's payload as published), `fhir-r4` (a FHIR R4 " +
  'Subscriptions notification bundle) or `hl7v2` (an HL7 v2.5.1 message, one per POST, whose ACK decides ' +
  'the outcome: docs/hl7v2.md). Signing, retries, the log and resend are the same for all.';

export const FormatField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: SUBSCRIPTION_FORMATS, default: 'json', description: FORMAT_DESCRIPTION }),
    IsOptionalNotNull(),
    IsIn(SUBSCRIPTION_FORMATS as unknown as string[], {
      message: `format must be one of: ${SUBSCRIPTION_FORMATS.join(', ')}`,
    }),
  );

/** A nullable settings object of one format, checked by its own DTO class. */
const FormatSettingsField = (name: string, type: new () => object, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type, nullable: true, description }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    IsObject({ message: `${name} must be an object` }),
    ValidateNested(),
    Type(() => type),
  );

/** `hl7`: MSH-5 and MSH-6 of an `hl7v2` subscription; `null` clears them. */
export const Hl7Field = () =>
  FormatSettingsField(
    'hl7',
    Hl7ReceiverDto,
    'Only with `format: "hl7v2"`: the receiving application and facility its messages name',
  );

/** `fhir`: payload content and heartbeat of a `fhir-r4` subscription; `null` restores the defaults. */
export const FhirField = () =>
  FormatSettingsField(
    'fhir',
    FhirSettingsDto,
    'Only with `format: "fhir-r4"`: what each notification carries and the heartbeat (docs/fhir.md)',
  );

export const FILTER_DESCRIPTION =
  "Only events whose payload matches: a subset of MongoDB query syntax over the payload's fields, e.g. " +
  '`{"orderingFacility.id": "F-100"}` (a bare value means `$eq`); operators `$eq $ne $in $nin $exists $gt $gte $lt ' +
  '$lte $not` on a field, `$and $or` over conditions; a path through an array matches when any element does. ' +
  "Checked against the schemas of the subscription's events (`GET /webhooks/event-types` lists their `fields`); " +
  'at most 4 KiB and 8 levels deep. `null` (or absent): every event of its types. docs/filters.md';

/** `filter`: which payloads the subscription gets; checked against the event schemas by the service. */
export const FilterField = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: true,
      nullable: true,
      example: { 'orderingFacility.id': 'F-100' },
      description: FILTER_DESCRIPTION,
    }),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    IsObject({ message: 'filter must be a JSON object such as {"orderingFacility.id": "F-100"}' }),
  );
