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
}

/**
 * Injects the `WebhooksCaller` the guard left on the request (exported as `CurrentWebhooksCaller`).
 *
 * @publicApi
 */
export const Caller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WebhooksCaller => ctx.switchToHttp().getRequest()[WEBHOOKS_CALLER_KEY],
);
