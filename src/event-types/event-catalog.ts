import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, WebhookEventType } from './event-types';
import { EXAMPLES } from './schemas/examples';
import { REPORT_KINDS, reportSchema } from './schemas/report.schema';
import { requisitionSchema } from './schemas/requisition.schema';
import { sampleRejectedSchema } from './schemas/sample-rejected.schema';

/**
 * One event type's contract: its payload's JSON Schema (draft 2020-12), the schema's version
 * and an example payload. Deliveries name the version in the `webhook-schema` header.
 *
 * @publicApi
 */
export interface EventTypeDefinition {
  /** What the event means. */
  description: string;
  /** Version of `schema`; bump it when the payload's shape changes. */
  schemaVersion: number | string;
  /** JSON Schema (draft 2020-12) of the payload, `eventType` included. */
  schema: Record<string, unknown>;
  /** A payload that validates against `schema` (synthetic data). */
  example: Record<string, unknown>;
}

/**
 * The module's own contract for each of the seven events, version 1 (docs/event-catalog.md).
 *
 * @publicApi
 */
export const WEBHOOK_EVENT_CATALOG: Readonly<Record<WebhookEventType, EventTypeDefinition>> = Object.freeze(
  Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((name) => {
      const kind = REPORT_KINDS.find((k) => k.eventType === name);
      const schema = kind
        ? reportSchema(kind)
        : name === 'sample_rejected'
          ? sampleRejectedSchema
          : requisitionSchema(name as 'requisition_signed_accession' | 'requisition_canceled');
      const definition: EventTypeDefinition = {
        description: WEBHOOK_EVENT_DESCRIPTIONS[name],
        schemaVersion: 1,
        schema,
        example: EXAMPLES[name],
      };
      return [name, definition];
    }),
  ) as Record<WebhookEventType, EventTypeDefinition>,
);
