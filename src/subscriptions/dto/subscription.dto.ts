import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import {
  DisabledReason,
  FhirSettings,
  Hl7Receiver,
  SUBSCRIPTION_FORMATS,
  SUBSCRIPTION_ORDERINGS,
  SubscriptionFormat,
  SubscriptionOrdering,
} from '../../persistence/webhook-subscription.entity';
import { FhirSettingsDto } from './fhir-settings.dto';
import { Hl7ReceiverDto } from './hl7-receiver.dto';
import { OAuth2InfoDto, TlsInfoDto } from './receiver-auth.dto';
import { FILTER_DESCRIPTION, FORMAT_DESCRIPTION, ORDERING_DESCRIPTION } from './subscription-fields';

/**
 * A subscription as the API returns it: never the password nor a header value, the secret only on create.
 *
 * @publicApi
 */
export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events: string[];
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ description: 'Whether basic auth has a password set' }) hasPassword: boolean;
  @ApiProperty({
    description: 'Custom request headers by name; values are write-only, never shown',
    type: 'object',
    additionalProperties: { type: 'object', properties: { hasValue: { type: 'boolean' } }, required: ['hasValue'] },
    example: { 'X-Partner-Key': { hasValue: true } },
  })
  headers: Record<string, { hasValue: boolean }>;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ enum: SUBSCRIPTION_ORDERINGS, description: ORDERING_DESCRIPTION }) ordering: SubscriptionOrdering;
  @ApiProperty({ enum: SUBSCRIPTION_FORMATS, description: FORMAT_DESCRIPTION }) format: SubscriptionFormat;
  @ApiProperty({
    type: Hl7ReceiverDto,
    nullable: true,
    description: 'MSH-5 and MSH-6 of an `hl7v2` subscription (both keys always present); null for the other formats',
  })
  hl7: Hl7Receiver | null;
  @ApiProperty({
    type: FhirSettingsDto,
    nullable: true,
    description:
      'Payload content and heartbeat of a `fhir-r4` subscription (both keys always present); null for the other formats',
  })
  fhir: FhirSettings | null;
  @ApiProperty({
    nullable: true,
    enum: ['gone', 'failing'],
    description:
      'Why the module deactivated the endpoint: `gone` (it answered 410), `failing` (its entries kept failing for `disableAfterFailingHours`); null when active or deactivated by an admin',
  })
  disabledReason: DisabledReason | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When it was deactivated' }) disabledAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When its entries began to end `failed` with no success since; null while healthy',
  })
  failingSince: Date | null;
  @ApiProperty({ nullable: true, type: String }) projectTemplateId: string | null;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: FILTER_DESCRIPTION })
  filter: Record<string, unknown> | null;
  @ApiProperty({ type: [String] }) userIds: string[];
  @ApiProperty({ type: TlsInfoDto, description: 'Client certificate and trust for the receiver (never the key)' })
  tls: TlsInfoDto;
  @ApiProperty({ type: OAuth2InfoDto, nullable: true, description: 'OAuth2 client credentials (never the secret)' })
  oauth2: OAuth2InfoDto | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

/**
 * A subscription as created: with its signing secret, shown this once.
 *
 * @publicApi
 */
export class CreatedSubscriptionDto extends SubscriptionDto {
  @ApiPropertyOptional({ description: 'Standard Webhooks signing secret (`whsec_...`); shown on create only' })
  signingSecret: string;
}

/**
 * A page of subscriptions (`GET /webhooks/subscriptions`).
 *
 * @publicApi
 */
export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionDto] }) items: SubscriptionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
