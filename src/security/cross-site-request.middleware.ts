import { ForbiddenException, Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { MESSAGES } from '../webhooks.messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Headers = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * CSRF defence of the module's state-changing routes: the page authenticates with the host's
 * cookies, so a form or fetch from another site would carry them. Browsers say where a request
 * comes from (`Sec-Fetch-Site`, `Origin`); a request that says "another site" is refused with
 * 403 before any guard, pipe or handler runs, so it writes nothing. Requests without either
 * header (curl, server-to-server clients with a bearer token) are not a browser's and pass.
 */
@Injectable()
export class CrossSiteRequestMiddleware implements NestMiddleware {
  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {}

  use(req: { method: string; headers: Headers }, _res: unknown, next: () => void): void {
    if (!SAFE_METHODS.has(req.method.toUpperCase()) && this.isCrossSite(req.headers)) {
      throw new ForbiddenException(MESSAGES.crossSiteRefused);
    }
    next();
  }

  protected isCrossSite(headers: Headers): boolean {
    if (first(headers['sec-fetch-site'])?.toLowerCase() === 'cross-site') return true;
    const origin = first(headers.origin);
    if (origin === undefined) return false;
    if (this.options.trustedOrigins.includes(origin)) return false;
    return !sameHost(origin, first(headers.host));
  }
}

/** Whether `origin` (e.g. `http://lis:3000`, or `null` from a sandbox) names the request's own host. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" or garbage: not provably ours
  }
}
