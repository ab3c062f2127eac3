import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches, ValidateBy } from 'class-validator';

// A date-time without a zone would be read in the server's local time; ask for one.
const ZONED = /^\d{4}-\d{2}-\d{2}(T.+(Z|[+-]\d{2}(:?\d{2})?))?$/i;

/**
 * The rules of the filters that the event log, a recover and the audit trail share, so that
 * one field is refused with the same message wherever it is sent.
 */

/** An optional instant (`since`, `until`): ISO 8601 with a zone, in a form JavaScript reads. */
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

/** An optional UUID (`subscriptionId`). */
export const OptionalUuid = (field: string, api: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional({ format: 'uuid', ...api } as ApiPropertyOptions),
    IsOptional(),
    IsUUID('all', { message: `${field} must be a UUID` }),
  );

/** An optional value out of a fixed list (`eventType`, `status`, `action`). */
export const OptionalOneOf = (field: string, values: readonly string[], api: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiPropertyOptional({ enum: values, ...api } as ApiPropertyOptions),
    IsOptional(),
    IsIn([...values], { message: `${field} must be one of: ${values.join(', ')}` }),
  );
