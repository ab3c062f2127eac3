import { Inject, Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';

/**
 * 413 on the module's own routes for a declared body length (`Content-Length`) over
 * `maxRequestBodyBytes`, whatever limit the host's body parser has. On Fastify this runs before
 * the body is read; on Express the host's parser runs first, so the host should set its own
 * limit too (`useWebhooksBodyParser`). A chunked body declares no length: `RequestBodyGuard`
 * measures it once parsed.
 */
@Injectable()
export class RequestBodyLimitMiddleware implements NestMiddleware {
  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  use(req: { headers: Record<string, string | string[] | undefined> }, _res: unknown, next: () => void): void {
    const limit = this.options.maxRequestBodyBytes;
    if (Number(req.headers['content-length']) > limit)
      throw new PayloadTooLargeException(MESSAGES.requestBodyTooLarge(limit));
    next();
  }
}
