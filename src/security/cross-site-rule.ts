import type { ServerResponse } from 'node:http';
import { MESSAGES } from '../webhooks.messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Headers = Record<string, string | string[] | undefined>;

/**
 * What the cross-site rule reads of a request (an Express request has all of it; a Node request,
 * as Nest middleware gets on Fastify, has all but `protocol` and `secure`).
 *
 * @publicApi
 */
export interface CrossSiteRequest {
  method: string;
  headers: Headers;
  /** `http` or `https` as Express sees it (`trust proxy` decides whether X-Forwarded-Proto counts). */
  protocol?: string;
  /** Express's `req.secure`; used when `protocol` is absent. */
  secure?: boolean;
  /** A bare Node request (no `protocol`): TLS on this very connection means https. */
  socket?: { encrypted?: boolean };
}

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The module's CSRF rule, also for a host's own routes: a state-changing request (not GET,
 * HEAD or OPTIONS) that a browser marks as coming from another site: `Sec-Fetch-Site:
 * cross-site`, or an `Origin` whose scheme, host or port differ from the request's own and
 * which is not in `trustedOrigins`. A request with neither header is not a browser's and passes.
 *
 * @publicApi
 */
export function isCrossSiteRequest(req: CrossSiteRequest, trustedOrigins: readonly string[] = []): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  if (first(req.headers['sec-fetch-site'])?.toLowerCase() === 'cross-site') return true;
  const origin = first(req.headers.origin);
  if (origin === undefined) return false;
  if (trustedOrigins.includes(origin)) return false;
  return !sameOrigin(origin, first(req.headers.host), schemeOf(req));
}

/**
 * Middleware with the same rule, for routes the module does not serve (a host's own write
 * routes, an admin board): 403 with the module's JSON error, before the route runs. It writes
 * the Node response itself, so it serves as Express middleware and as Nest middleware on
 * Fastify (which hands middleware the Node request and response).
 *
 * @publicApi
 */
export function refuseCrossSiteRequests(options: { trustedOrigins?: readonly string[] } = {}) {
  const trusted = options.trustedOrigins ?? [];
  return (req: CrossSiteRequest, res: ServerResponse, next: () => void): void => {
    if (!isCrossSiteRequest(req, trusted)) return next();
    res.statusCode = 403;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ statusCode: 403, error: 'Forbidden', message: MESSAGES.crossSiteRefused }));
  };
}

function schemeOf(req: CrossSiteRequest): string {
  if (req.protocol) return req.protocol.toLowerCase();
  return req.secure || req.socket?.encrypted ? 'https' : 'http';
}

/** Whether `origin` (e.g. `http://lis:3000`, or `null` from a sandbox) is the request's own scheme and host. */
function sameOrigin(origin: string, host: string | undefined, scheme: string): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    return url.protocol === `${scheme}:` && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false; // "null" or garbage: not provably ours
  }
}
