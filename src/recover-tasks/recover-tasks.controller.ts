import { Body, Controller, Get, HttpCode, Param, Post, Res, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { CALLER_LIMIT_RESPONSE } from '../event-log/caller-limits.service';
import { RequestBodyGuard } from '../security/request-body.guard';
import { RecoverEventsDto, RecoverResultDto, TaskDto } from './dto/recover.dto';
import { RecoverTasksService } from './recover-tasks.service';

/** "Send again everything that failed since T": a background task, and its progress. */
@ApiTags('webhook event log')
@UseFilters(WebhooksErrorFilter)
@Controller()
@UsePipes(webhooksValidationPipe)
@RequiresWebhookPermission('any')
@UseGuards(RequestBodyGuard)
export class RecoverTasksController {
  constructor(private readonly tasks: RecoverTasksService) {}

  @Post('events/recover')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: RecoverResultDto,
    description:
      "A task queues the matching entries of the caller's active endpoints (same webhook-id), 100 at a time; `dryRun`: 200 with the count only",
  })
  @ApiBadRequestResponse({
    description: '`since` missing or past retention, or another field invalid; the message names it',
  })
  @ApiConflictResponse({
    description:
      "A task is already running for one of the subscriptions (named), the subscription is deactivated, or matching entries were last sent to another URL than their endpoint's current one and `confirmNewUrl` is not true (`urlChanges` names both)",
  })
  @ApiTooManyRequestsResponse(CALLER_LIMIT_RESPONSE)
  async recover(
    @Caller() caller: WebhooksCaller,
    @Body() dto: RecoverEventsDto,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<RecoverResultDto> {
    const result = await this.tasks.recover(caller, dto);
    if (dto.dryRun) res.status(200);
    return result;
  }

  @Get('tasks/:id')
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ description: 'No such task, or started by someone else (admins see every task)' })
  get(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<TaskDto> {
    return this.tasks.get(caller, id);
  }
}
