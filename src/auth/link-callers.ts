import { WebhooksCaller } from './webhooks-caller';

/** The request header a link session sends its token in (never a cookie: no CSRF, no upgrade). */
export const LINK_TOKEN_HEADER = 'x-webhooks-link';

/**
 * Turns an integrator link's token into the link's caller. The integrator links feature
 * provides it; the guard asks this class so that `auth` does not import the feature above it.
 */
export abstract class LinkCallers {
  /** The link's caller; null for a token that is not a valid link (malformed, unknown, expired, revoked). */
  abstract callerOf(token: unknown): Promise<WebhooksCaller | null>;
}
