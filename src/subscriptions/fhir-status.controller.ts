import { applyDecorators, Controller, Get, Header, Param, Query, UseFilters, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { FHIR_JSON } from '../formats/fhir/notification-bundle';
import { FhirEventsQueryDto } from './dto/fhir-events-query.dto';
import { FhirQueriesService } from './fhir-queries.service';

/** A FHIR operation on a subscription: any caller who may see it; a FHIR Bundle as JSON text. */
const FhirOperation = (operation: string, description: string) =>
  applyDecorators(
    Get(`:id/${operation}`),
    RequiresWebhookPermission('any'),
    Header('Content-Type', FHIR_JSON),
    ApiProduces(FHIR_JSON),
    ApiOkResponse({ schema: { type: 'object', additionalProperties: true }, description }),
    ApiNotFoundResponse({ description: 'No such fhir-r4 subscription, or not assigned to the caller' }),
  );

/** The FHIR operations of a `fhir-r4` subscription (docs/fhir.md); answers are `application/fhir+json` text. */
@ApiTags('webhook subscriptions')
@UseFilters(WebhooksErrorFilter)
@Controller('subscriptions')
@UsePipes(webhooksValidationPipe)
export class FhirStatusController {
  constructor(private readonly queries: FhirQueriesService) {}

  @FhirOperation(
    '$status',
    'FHIR R4 `searchset` Bundle with the status `Parameters` (backport-subscription-status-r4, type `query-status`)',
  )
  async status(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<string> {
    return JSON.stringify(await this.queries.status(caller, id));
  }

  @FhirOperation(
    '$events',
    'FHIR R4 notification Bundle (`history`, type `query-event`) with the logged events numbered in the range, at most 100',
  )
  @ApiBadRequestResponse({ description: 'A number is not a whole number from 1, or the range is reversed' })
  async events(
    @Caller() caller: WebhooksCaller,
    @Param('id') id: string,
    @Query() query: FhirEventsQueryDto,
  ): Promise<string> {
    return JSON.stringify(await this.queries.events(caller, id, query));
  }
}
