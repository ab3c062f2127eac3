import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsOptional, IsString, Length, MaxLength, ValidateIf, Matches } from 'class-validator';
import { SubscriptionFormat, SubscriptionOrdering } from '../../persistence/webhook-subscription.entity';
import { IsWebhookHeaders, IsWebhookUrl, MAX_URL_LENGTH, BASIC_USERNAME } from '../subscription.validators';
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
 * Body of `POST /webhooks/subscriptions`.
 *
 * @publicApi
 */
export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://partner.example.com/webhooks/lab', maxLength: MAX_URL_LENGTH })
  @IsDefined()
  @IsWebhookUrl()
  url: string;

  @EventsField(true)
  events: string[];

  @ApiPropertyOptional({ description: 'Basic auth user name; requires `password`', maxLength: 255 })
  @ValidateIf((o) => o.username !== undefined || o.password !== undefined)
  @IsDefined({ message: 'username is required when password is set' })
  @IsString()
  @Length(1, 255)
  @MaxLength(255)
  @Matches(BASIC_USERNAME, { message: 'username must not contain ":" or control characters (RFC 7617)' })
  username?: string;

  @ApiPropertyOptional({
    description: 'Basic auth password; requires `username`; never returned',
    maxLength: 255,
    writeOnly: true,
  })
  @ValidateIf((o) => o.username !== undefined || o.password !== undefined)
  @IsDefined({ message: 'password is required when username is set' })
  @IsString()
  @Length(1, 255)
  password?: string;

  @ApiPropertyOptional({
    description:
      'Custom request headers (at most 20), name to value. Values are secrets: sealed at rest, never returned (answers show `{ "hasValue": true }`)',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'X-Partner-Key': 'abc' },
    writeOnly: true,
  })
  @IsOptionalNotNull()
  @IsWebhookHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 1024 })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Only events whose payload has this projectTemplateId match', maxLength: 191 })
  @IsOptional()
  @IsString()
  @Length(1, 191)
  projectTemplateId?: string;

  @FilterField()
  filter?: Record<string, unknown> | null;

  @OrderingField()
  ordering?: SubscriptionOrdering;

  @FormatField()
  format?: SubscriptionFormat;

  @Hl7Field()
  hl7?: Hl7ReceiverDto | null;

  @FhirField()
  fhir?: FhirSettingsDto;

  @UserIdsField()
  userIds?: string[];

  @TlsField()
  tls?: TlsSettingsDto;

  @OAuth2Field()
  oauth2?: OAuth2SettingsDto;
}
