import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { AllowsLinkCaller } from '../auth/link-access.decorator';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { CALLER_LIMIT_RESPONSE } from './caller-limits.service';
import { EventChangesQueryDto } from './dto/changes-query.dto';
import { EventChangesDto } from './dto/event-changes.dto';
import { EventQueryDto } from './dto/event-query.dto';
import { EventDetailDto, EventPageDto } from './dto/event.dto';
import { ResendEventsDto, ResendResultDto } from './dto/resend.dto';
import { EventChangesService } from './event-changes.service';
import { EventLogService } from './event-log.service';
import { EventResendService } from './event-resend.service';
import { PayloadExpungeService } from './payload-expunge.service';

/** The event log: search, detail and resend, within retention, scoped to the caller's endpoints. */
@ApiTags('webhook event log')
@UseFilters(WebhooksErrorFilter)
@Controller('events')
@UsePipes(webhooksValidationPipe)
@RequiresWebhookPermission('any')
@UseGuards(RequestBodyGuard)
export class EventLogController {
  constructor(
    private readonly log: EventLogService,
    private readonly resender: EventResendService,
    private readonly expunger: PayloadExpungeService,
    private readonly live: EventChangesService,
  ) {}

  @Get()
  @AllowsLinkCaller()
  @ApiOkResponse({
    type: EventPageDto,
    description: 'Newest first. Admin: every entry; Webhook User: entries of assigned subscriptions',
  })
  @ApiBadRequestResponse({ description: 'A filter is invalid; the message names it' })
  list(@Caller() caller: WebhooksCaller, @Query() query: EventQueryDto): Promise<EventPageDto> {
    return this.log.list(caller, query);
  }

  @Get('changes')
  @AllowsLinkCaller()
  @ApiOkResponse({
    type: EventChangesDto,
    description:
      'For a live view of the log: entries created since the previous poll (`after`), and which of the shown entries (`ids`) changed. Same filters and scope as the list',
  })
  @ApiBadRequestResponse({ description: 'A filter, `after` or `ids` is invalid; the message names it' })
  changes(@Caller() caller: WebhooksCaller, @Query() query: EventChangesQueryDto): Promise<EventChangesDto> {
    return this.live.changes(caller, query);
  }

  @Post('resend')
  @HttpCode(202)
  @AllowsLinkCaller()
  @ApiAcceptedResponse({
    type: ResendResultDto,
    description: 'Queued entries run the full retry schedule again, same webhook-id',
  })
  @ApiBadRequestResponse({ description: '`ids` is missing, empty or longer than 100' })
  @ApiConflictResponse({
    description:
      "An entry's payload was expunged, or an entry's last attempt went to another URL than its endpoint's current one and `confirmNewUrl` is not true (`urlChanges` names both); nothing is queued",
  })
  @ApiTooManyRequestsResponse(CALLER_LIMIT_RESPONSE)
  resend(@Caller() caller: WebhooksCaller, @Body() dto: ResendEventsDto): Promise<ResendResultDto> {
    return this.resender.resend(caller, dto.ids, dto.confirmNewUrl);
  }

  @Get(':id')
  @AllowsLinkCaller()
  @ApiOkResponse({ type: EventDetailDto })
  @ApiNotFoundResponse({
    description: 'No such entry, past retention, or not of a subscription assigned to the caller',
  })
  get(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<EventDetailDto> {
    return this.log.get(caller, id);
  }

  @Delete(':id/payload')
  @HttpCode(204)
  @RequiresWebhookPermission('admin')
  @ApiNoContentResponse({
    description: 'Payload, response bodies and subject erased; the entry stays with `payloadExpunged: true`',
  })
  @ApiNotFoundResponse({ description: 'No such entry, or past retention' })
  async expunge(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<void> {
    await this.expunger.expunge(caller, id);
  }
}
