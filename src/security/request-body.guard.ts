import { CanActivate, ExecutionContext, Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { toHttpException } from '../common/webhooks-error.filter';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { bodyShapeProblem } from './body-shape';

/**
 * Checks of a parsed request body on the module's routes, before any other guard, pipe or
 * handler. A guard, not middleware: on Fastify, Nest middleware runs before the body is parsed.
 * - 413 for a body without a declared length (chunked) that is over `maxRequestBodyBytes`
 *   once parsed (a declared length is refused earlier, by `RequestBodyLimitMiddleware`);
 * - 400 for a body nested deeper than 32 levels: the validation pipe would recurse into it
 *   and overflow the stack (a 500) on a body well within the size limit;
 * - 400 for a `__proto__`, `constructor` or `prototype` key anywhere. JSON.parse keeps them as
 *   ordinary keys, but copying the body into a DTO (class-transformer) turns `__proto__` into
 *   a prototype and silently drops the other two, even where unknown fields are refused.
 */
@Injectable()
export class RequestBodyGuard implements CanActivate {
  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; body?: unknown }>();
    if (req.body === undefined) return true;
    const limit = this.options.maxRequestBodyBytes;
    if (req.headers['content-length'] === undefined && Buffer.byteLength(JSON.stringify(req.body) ?? '') > limit) {
      throw new PayloadTooLargeException(MESSAGES.requestBodyTooLarge(limit));
    }
    const problem = bodyShapeProblem(req.body);
    if (problem) throw toHttpException(problem);
    return true;
  }
}
