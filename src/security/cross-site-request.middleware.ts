import { ForbiddenException, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';
import { CrossSiteRequest, isCrossSiteRequest } from './cross-site-rule';

/**
 * CSRF defence of the module's state-changing routes: the page authenticates with the host's
 * cookies, so a form or fetch from another site would carry them. Browsers say where a request
 * comes from (`Sec-Fetch-Site`, `Origin`); a request that says "another site" is refused with
 * 403 before any guard, pipe or handler runs, so it writes nothing (see `isCrossSiteRequest`).
 */
@Injectable()
export class CrossSiteRequestMiddleware implements NestMiddleware {
  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  use(req: CrossSiteRequest, _res: unknown, next: () => void): void {
    if (this.isCrossSite(req)) throw new ForbiddenException(MESSAGES.crossSiteRefused);
    next();
  }

  protected isCrossSite(req: CrossSiteRequest): boolean {
    return isCrossSiteRequest(req, this.options.trustedOrigins);
  }
}
