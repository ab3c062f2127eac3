import { Controller, Get, Param, Query, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowsLinkCaller } from '../auth/link-access.decorator';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { EventLogService } from '../event-log/event-log.service';
import { RequestBodyGuard } from '../security/request-body.guard';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { DeliveryChartService } from './delivery-chart.service';
import { DeliveryChartDto, DeliveryChartQueryDto } from './dto/delivery-chart.dto';

/**
 * Deliveries over time: of one endpoint, or of every endpoint the caller sees. Registered
 * before the event log's controller, so `events/chart` is not read as an entry id.
 */
@ApiTags('webhook event log')
@UseFilters(WebhooksErrorFilter)
@Controller()
@UsePipes(webhooksValidationPipe)
@RequiresWebhookPermission('any')
@UseGuards(RequestBodyGuard)
export class DeliveryChartController {
  constructor(
    private readonly charts: DeliveryChartService,
    private readonly subscriptions: SubscriptionsService,
    private readonly log: EventLogService,
  ) {}

  @Get('events/chart')
  @AllowsLinkCaller()
  @ApiOkResponse({
    type: DeliveryChartDto,
    description: 'Entries of every endpoint the caller sees (admin: all; Webhook User: assigned), by hour or day',
  })
  @ApiBadRequestResponse({ description: '`period` or `utcOffset` is invalid; the message names it' })
  async all(@Caller() caller: WebhooksCaller, @Query() q: DeliveryChartQueryDto): Promise<DeliveryChartDto> {
    return this.charts.chart(await this.log.scopeOf(caller), q.period, q.utcOffset);
  }

  @Get('subscriptions/:id/chart')
  @AllowsLinkCaller()
  @ApiOkResponse({
    type: DeliveryChartDto,
    description: "The endpoint's entries by hour (24h) or day (30d); totals equal the stats of the same window",
  })
  @ApiBadRequestResponse({ description: '`period` or `utcOffset` is invalid; the message names it' })
  @ApiNotFoundResponse({ description: 'No such subscription, or not assigned to the caller' })
  async one(
    @Caller() caller: WebhooksCaller,
    @Param('id') id: string,
    @Query() q: DeliveryChartQueryDto,
  ): Promise<DeliveryChartDto> {
    const subscription = await this.subscriptions.findVisible(caller, id);
    return this.charts.chart([subscription.id], q.period, q.utcOffset);
  }
}
