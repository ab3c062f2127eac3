import type { SchemaViolation } from '../event-types/event-catalog.service';
import { MESSAGES, MODULE_NAME } from '../webhooks.messages';

/**
 * Refusal of a publish: unknown event, payload not a JSON object, or too large.
 *
 * @publicApi
 */
export class WebhookPublishError extends Error {
  constructor(message: string) {
    super(`${MODULE_NAME}: ${message}`);
    this.name = 'WebhookPublishError';
  }
}

/**
 * A payload that breaks its event's schema, under `payloadValidation: 'reject'`: nothing was
 * written. Names the path and the rule, never the value.
 *
 * @publicApi
 */
export class WebhookPayloadInvalidError extends WebhookPublishError {
  /** `report_signed/1` */
  readonly schema: string;
  /** e.g. `patient.birthDate`, `results[0].code` */
  readonly path: string;
  /** e.g. `format: must match format "date"` */
  readonly rule: string;

  constructor(schema: string, violation: SchemaViolation) {
    super(MESSAGES.payloadInvalid(schema, violation.path, violation.rule));
    this.name = 'WebhookPayloadInvalidError';
    this.schema = schema;
    this.path = violation.path;
    this.rule = violation.rule;
  }
}
