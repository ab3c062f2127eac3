import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, MaxLength, ValidateIf, Matches } from 'class-validator';
import { SubscriptionFormat, SubscriptionOrdering } from '../../persistence/webhook-subscription.entity';
import { IsWebhookHeadersUpdate, IsWebhookUrl, MAX_URL_LENGTH, BASIC_USERNAME } from '../subscription.validators';
import { FhirSettingsDto } from './fhir-settings.dto';
import { Hl7ReceiverDto } from './hl7-receiver.dto';
import { OAuth2Field, OAuth2SettingsDto, TlsField, TlsSettingsDto } from './receiver-auth.dto';
import {
  EventsField,
  FilterField,
  FormatField,
  FhirField,
  Hl7Field,
  IsOptionalNotNull,
  OrderingField,
  UserIdsField,
} from './subscription-fields';

/**
 * Partial update; `password: null` removes basic auth, `null` clears description and projectTemplateId;
 * `headers` replaces the set of custom headers, a value `{ "hasValue": true }` keeping the stored one.
 *
 * @publicApi
 */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ maxLength: MAX_URL_LENGTH })
  @IsOptionalNotNull()
  @IsWebhookUrl()
  url?: string;

  @EventsField(false)
  events?: string[];

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 255)
  @Matches(BASIC_USERNAME, { message: 'username must not contain ":" or control characters (RFC 7617)' })
  username?: string;

  @ApiPropertyOptional({ nullable: true, description: '`null` removes basic auth', writeOnly: true })
  @ValidateIf((o) => o.password !== null && o.password !== undefined)
  @IsString()
  @Length(1, 255)
  password?: string | null;

  @ApiPropertyOptional({
    description:
      'The new set of custom headers: names not given are removed. A value is a string (set), or `{ "hasValue": true }` to keep the stored value of that name',
    type: 'object',
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        { type: 'object', properties: { hasValue: { type: 'boolean', enum: [true] } }, required: ['hasValue'] },
      ],
    },
    example: { 'X-Partner-Key': { hasValue: true }, 'X-Site': 'north' },
  })
  @IsOptionalNotNull()
  @IsWebhookHeadersUpdate()
  headers?: Record<string, string | { hasValue: true }>;

  @ApiPropertyOptional({ nullable: true, maxLength: 1024 })
  @ValidateIf((o) => o.description !== null && o.description !== undefined)
  @IsString()
  @MaxLength(1024)
  description?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true, maxLength: 191 })
  @ValidateIf((o) => o.projectTemplateId !== null && o.projectTemplateId !== undefined)
  @IsString()
  @Length(1, 191)
  projectTemplateId?: string | null;

  @FilterField()
  filter?: Record<string, unknown> | null;

  @OrderingField()
  ordering?: SubscriptionOrdering;

  @FormatField()
  format?: SubscriptionFormat;

  @Hl7Field()
  hl7?: Hl7ReceiverDto | null;

  @FhirField()
  fhir?: FhirSettingsDto | null;

  @UserIdsField()
  userIds?: string[];

  @TlsField()
  tls?: TlsSettingsDto | null;

  @OAuth2Field()
  oauth2?: OAuth2SettingsDto | null;
}
