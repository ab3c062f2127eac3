import { Controller, Get, Inject, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AllowsLinkCaller } from '../auth/link-access.decorator';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { EventCatalogService } from './event-catalog.service';
import { topicUrl, WEBHOOK_EVENT_TYPES } from './event-types';

export class EventFieldDto {
  @ApiProperty({
    example: 'orderingFacility.id',
    description: 'Dotted path; array elements flattened (`results.code`)',
  })
  path: string;
  @ApiProperty({
    type: [String],
    example: ['string'],
    description: "JSON types; an array of scalars lists `array` and its items' types",
  })
  types: string[];
  @ApiPropertyOptional({ example: 'date-time', description: '`date` or `date-time` for timestamps' }) format?: string;
  @ApiPropertyOptional() description?: string;
}

export class EventTypeDto {
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    example: 1,
    description: 'Version of `schema`; each delivery names it in its `webhook-schema` header (`report_signed/1`)',
  })
  schemaVersion: number | string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema (draft 2020-12) of the payload',
  })
  schema: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'A payload that follows `schema` (synthetic patient)',
  })
  example: Record<string, unknown>;
  @ApiProperty({ type: [EventFieldDto], description: 'The paths of `schema`: what a subscription `filter` may name' })
  fields: EventFieldDto[];
  @ApiProperty({
    example: 'https://lis.example.org/fhir/SubscriptionTopic/report_signed',
    description: 'The canonical URL of its topic in FHIR R4 notifications (`fhir-r4` subscriptions, docs/fhir.md)',
  })
  fhirTopic: string;
}

@ApiTags('webhook event types')
@UseFilters(WebhooksErrorFilter)
@Controller('event-types')
@UseGuards(RequestBodyGuard)
export class EventTypesController {
  constructor(
    private readonly catalog: EventCatalogService,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  @Get()
  @RequiresWebhookPermission('any')
  @AllowsLinkCaller()
  @ApiOkResponse({ type: [EventTypeDto], description: 'The seven events, each with its payload schema and an example' })
  list(): EventTypeDto[] {
    return this.catalog.list().map(({ name, description, schemaVersion, schema, example, fields }) => ({
      name,
      description,
      schemaVersion,
      schema,
      example,
      fields,
      fhirTopic: topicUrl(this.options.fhir.baseUrl, name),
    }));
  }
}
