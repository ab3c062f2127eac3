import { MODULE_NAME } from '../webhooks.messages';

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
