import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { WEBHOOKS_CALLER_KEY } from '../webhooks.constants';

/**
 * The caller of a webhook route, as the guard resolved it.
 *
 * @publicApi
 */
export interface WebhooksCaller {
  id: string;
  isAdmin: boolean;
  /**
   * Set for a caller holding an integrator link (`id` is `link:<link id>`): treated as a
   * Webhook User assigned to that one subscription, with the rights the link grants.
   */
  link?: LinkScope;
}

/**
 * What an integrator link grants.
 *
 * @publicApi
 */
export interface LinkScope {
  id: string;
  subscriptionId: string;
  allowPayloads: boolean;
  allowResend: boolean;
  expiresAt: Date;
}

/**
 * Injects the `WebhooksCaller` the guard left on the request (exported as `CurrentWebhooksCaller`).
 *
 * @publicApi
 */
export const Caller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WebhooksCaller => ctx.switchToHttp().getRequest()[WEBHOOKS_CALLER_KEY],
);
