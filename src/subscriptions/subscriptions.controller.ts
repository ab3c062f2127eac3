import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { Caller, WebhooksCaller } from '../auth/webhooks-caller';
import { PageQueryDto } from '../common/pagination';
import { webhooksValidationPipe } from '../common/validation.pipe';
import { WebhooksErrorFilter } from '../common/webhooks-error.filter';
import { RequestBodyGuard } from '../security/request-body.guard';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { CreatedSubscriptionDto, SubscriptionDto, SubscriptionPageDto } from './dto/subscription.dto';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('webhook subscriptions')
@UseFilters(WebhooksErrorFilter)
@Controller('subscriptions')
@UsePipes(webhooksValidationPipe)
@UseGuards(RequestBodyGuard)
export class SubscriptionsController {
  constructor(private readonly service: SubscriptionsService) {}

  @Post()
  @RequiresWebhookPermission('admin')
  @ApiCreatedResponse({ type: CreatedSubscriptionDto, description: 'The signing secret is shown here only' })
  @ApiBadRequestResponse({ description: 'A field is invalid; the message names it' })
  create(@Caller() caller: WebhooksCaller, @Body() dto: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    return this.service.create(dto, caller);
  }

  @Get()
  @RequiresWebhookPermission('any')
  @ApiOkResponse({ type: SubscriptionPageDto, description: 'Admin: all; Webhook User: assigned only' })
  list(@Caller() caller: WebhooksCaller, @Query() query: PageQueryDto) {
    return this.service.list(caller, query);
  }

  @Get(':id')
  @RequiresWebhookPermission('any')
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ description: 'No such subscription, or not assigned to the caller' })
  get(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<SubscriptionDto> {
    return this.service.get(caller, id);
  }

  @Patch(':id')
  @RequiresWebhookPermission('admin')
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  update(@Caller() caller: WebhooksCaller, @Param('id') id: string, @Body() dto: UpdateSubscriptionDto) {
    return this.service.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresWebhookPermission('admin')
  @ApiNoContentResponse({ description: 'Deleted; pending deliveries stop, the log stays until retention' })
  @ApiNotFoundResponse({ description: 'No such subscription' })
  remove(@Caller() caller: WebhooksCaller, @Param('id') id: string): Promise<void> {
    return this.service.remove(caller, id);
  }
}
