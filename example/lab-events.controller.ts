import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  isWebhookEventType,
  RequiresWebhookPermission,
  WEBHOOK_EVENT_CATALOG,
  WEBHOOK_EVENT_TYPES,
  WebhookPublishError,
} from '../src';

/**
 * The example lab's stand-in for its domain code: emits a lab event on the event emitter,
 * exactly as a real LIS service would after signing a report.
 */
@ApiTags('example lab')
@ApiBearerAuth()
@Controller('lab/events')
export class LabEventsController {
  constructor(private readonly events: EventEmitter2) {}

  @Post(':eventType')
  @HttpCode(202)
  @RequiresWebhookPermission('admin')
  @ApiBody({
    description: "The event's payload; `GET /webhooks/event-types` gives each event's schema and example",
    schema: { type: 'object', example: WEBHOOK_EVENT_CATALOG.report_signed.example },
  })
  @ApiAcceptedResponse({ schema: { properties: { eventId: { type: 'string' } } } })
  @ApiBadRequestResponse({
    description:
      'Unknown event, or a payload refused: under `payloadValidation: reject`, the path and the rule it breaks',
  })
  async emit(@Param('eventType') eventType: string, @Body() payload: unknown): Promise<{ eventId: string }> {
    if (!isWebhookEventType(eventType)) {
      throw new BadRequestException([`eventType must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`]);
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new BadRequestException(['body must be a JSON object']);
    }
    // emitAsync: a persistence error in the webhook listener reaches this caller, and the
    // listener's result carries the id the event got in the webhook log.
    // A payload the module refuses (schema broken under `reject`, too large, nested too deep,
    // eventType mismatch) is the caller's fault: a 400.
    const results: unknown[] = await this.events.emitAsync(eventType, payload).catch((err: unknown) => {
      throw err instanceof WebhookPublishError ? new BadRequestException([err.message]) : err;
    });
    const published = results.find((r): r is { eventId: string } => typeof (r as any)?.eventId === 'string');
    return { eventId: published?.eventId ?? '' };
  }
}
