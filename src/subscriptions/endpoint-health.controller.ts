import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowsLinkCaller } from '../auth/link-access.decorator';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { EndpointStatsDto, EndpointStatsQueryDto } from '../endpoint-health/dto/endpoint-stats.dto';
import { TestDeliveryRequestDto, TestDeliveryResultDto } from '../endpoint-health/dto/test-delivery.dto';
import { EndpointStatsService } from '../endpoint-health/endpoint-stats.service';
import { EndpointTestService } from '../endpoint-health/endpoint-test.service';
import { RequestBodyGuard } from '../security/request-body.guard';
import { SubscriptionsService } from './subscriptions.service';

/** Is this endpoint healthy? A test POST on demand, and its numbers from the event log. */
@ApiTags('webhook subscriptions')
@UseFilters(WebhooksErrorFilter)
@Controller('subscriptions')
@UsePipes(webhooksValidationPipe)
@UseGuards(RequestBodyGuard)
export class EndpointHealthController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly tester: EndpointTestService,
    private readonly statistics: EndpointStatsService,
  ) {}

  @Post(':id/test')
  @HttpCode(200)
  @RequiresWebhookPermission('admin')
  @ApiOkResponse({
    type: TestDeliveryResultDto,
    description:
      'One signed POST with the endpoint\'s auth and headers: `{"eventType":"webhook_test","subscriptionId":...,"sentAt":...}`, or with `eventType` that type\'s catalog example in the endpoint\'s body format; no retry, not in the event log. A receiver\'s error is a 200 with `ok: false`.',
  })
  @ApiBody({ type: TestDeliveryRequestDto, required: false })
  @ApiBadRequestResponse({ description: "Unknown `eventType`, or one the endpoint's body format cannot carry" })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  async test(
    @Caller() caller: WebhooksCaller,
    @Param('id') id: string,
    @Body() body: TestDeliveryRequestDto,
  ): Promise<TestDeliveryResultDto> {
    return this.tester.test(caller, await this.subscriptions.findVisible(caller, id), body?.eventType);
  }

  @Get(':id/stats')
  @AllowsLinkCaller()
  @RequiresWebhookPermission('any')
  @ApiOkResponse({ type: EndpointStatsDto })
  @ApiNotFoundResponse({ description: 'No such subscription, or not assigned to the caller' })
  async stats(
    @Caller() caller: WebhooksCaller,
    @Param('id') id: string,
    @Query() query: EndpointStatsQueryDto,
  ): Promise<EndpointStatsDto> {
    return this.statistics.stats(await this.subscriptions.findVisible(caller, id), query.hours ?? 24);
  }
}
