import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventCatalogService, SchemaViolation } from '../event-types/event-catalog.service';
import { WebhookEventType } from '../event-types/event-types';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { WebhookPayloadInvalidError } from './publish-errors';

/** One warning per event, path and rule per minute at most: a host whose payloads all lack a field logs it, not floods. */
const WARN_EVERY_MS = 60_000;

/**
 * Checks a payload against its event's schema at publish (option `payloadValidation`):
 * `reject` throws before anything is written, `warn` logs the path and the rule, never a value.
 */
@Injectable()
export class PayloadCheck {
  private readonly logger = new Logger('WebhooksPublish');
  private readonly warned = new Map<string, { at: number; since: number }>();

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly catalog: EventCatalogService,
  ) {}

  /** `body` is the payload as sent, `eventType` included. */
  check(eventType: WebhookEventType, body: Record<string, unknown>): void {
    if (this.options.payloadValidation === 'off') return;
    const violation = this.catalog.violation(eventType, body);
    if (!violation) return;
    const schema = this.catalog.schemaHeader(eventType)!;
    if (this.options.payloadValidation === 'reject') throw new WebhookPayloadInvalidError(schema, violation);
    this.warn(schema, violation);
  }

  private warn(schema: string, v: SchemaViolation): void {
    const key = `${schema} ${v.path} ${v.rule}`;
    const now = Date.now();
    const last = this.warned.get(key);
    if (last && now - last.at < WARN_EVERY_MS) {
      last.since++;
      return;
    }
    if (this.warned.size >= 1000) this.warned.clear(); // paths carry array indexes: keep the map bounded
    const more = last?.since ? ` (${last.since} more since the last warning)` : '';
    this.warned.set(key, { at: now, since: 0 });
    this.logger.warn(LOG.payloadOffSchema(schema, v.path, v.rule, more));
  }
}
