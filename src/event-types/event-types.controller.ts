import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequiresWebhookPermission } from '../auth/webhook-permission.decorator';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from './event-types';

export class EventTypeDto {
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) name: string;
  @ApiProperty() description: string;
}

@ApiTags('webhook event types')
@Controller('event-types')
export class EventTypesController {
  @Get()
  @RequiresWebhookPermission('any')
  @ApiOkResponse({ type: [EventTypeDto] })
  list(): EventTypeDto[] {
    return WEBHOOK_EVENT_TYPES.map((name) => ({ name, description: WEBHOOK_EVENT_DESCRIPTIONS[name] }));
  }
}
