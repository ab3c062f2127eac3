import { Inject, Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';

/**
 * 413 on the module's own routes for a body over `maxRequestBodyBytes`, whatever limit the
 * host's body parser has. The host's parser runs first, so this cannot spare the parsing of a
 * body the host accepts; the host should set its own limit too (`useWebhooksBodyParser`).
 */
@Injectable()
export class RequestBodyLimitMiddleware implements NestMiddleware {
  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  use(
    req: { headers: Record<string, string | string[] | undefined>; body?: unknown },
    _res: unknown,
    next: () => void,
  ): void {
    const limit = this.options.maxRequestBodyBytes;
    const declared = Number(req.headers['content-length']);
    // A chunked body declares no length: measure what the parser made of it instead.
    const size = Number.isFinite(declared)
      ? declared
      : req.body === undefined
        ? 0
        : Buffer.byteLength(JSON.stringify(req.body) ?? '');
    if (size > limit) throw new PayloadTooLargeException(MESSAGES.requestBodyTooLarge(limit));
    next();
  }
}
