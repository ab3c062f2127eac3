import { Injectable } from '@nestjs/common';
import type { Dispatcher } from 'undici';
import { WebhooksClock } from '../common/webhooks-clock';
import { SecretBox } from '../crypto/secret-box';
import { openNamed } from '../crypto/unopenable-secret.error';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { MESSAGES } from '../webhooks.messages';
import { HttpSender } from './http-sender';
import { Redactor } from './redactor';

/** A token is used until this long before it expires, so it never expires on the way to the receiver. */
export const TOKEN_EARLY_REFRESH_MS = 60_000;

/** Lifetime assumed when the token endpoint gives no `expires_in`. */
const DEFAULT_LIFETIME_S = 300;

export type OAuth2Columns = Pick<WebhookSubscriptionEntity, 'id' | 'oauth2' | 'oauth2ClientSecretSealed'>;

/** The token endpoint did not give a token: the attempt fails with this message and is retried on the schedule. */
export class OAuth2TokenError extends Error {
  constructor(
    reason: string,
    readonly final = false,
  ) {
    super(`oauth2 token request failed: ${reason}`);
    this.name = 'OAuth2TokenError';
  }
}

interface Cached {
  /** The settings the token was fetched with: a change of them drops it. */
  settings: string;
  token: string;
  usableUntil: number;
}

/** How the token request goes out: the endpoint's TLS client and what is left of the attempt's limit. */
export interface TokenRequestOptions {
  dispatcher?: Dispatcher;
  clientCertificate?: boolean;
  timeoutMs?: number;
}

/**
 * OAuth2 client-credentials tokens, one per subscription, cached in this process until
 * `TOKEN_EARLY_REFRESH_MS` before they expire, so many deliveries (from all of this
 * instance's workers) share one token request; while one is in flight, others wait for it.
 * Each instance keeps its own cache: N instances fetch up to N tokens per lifetime.
 * Token requests go through the HTTP sender: the destination policy, the time limit, the
 * endpoint's TLS settings. The secret and the token never leave this class but in the
 * request's `Authorization` header.
 */
@Injectable()
export class OAuth2Tokens {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, { settings: string; token: Promise<string> }>();

  constructor(
    private readonly sender: HttpSender,
    private readonly secretBox: SecretBox,
    private readonly clock: WebhooksClock,
  ) {}

  /**
   * A token for the subscription: the cached one, else a new one. `rejected`: a token the
   * receiver answered 401 to; it is not handed out again (one another worker already replaced is fine).
   */
  async token(s: OAuth2Columns, options: TokenRequestOptions = {}, rejected?: string): Promise<string> {
    const settings = JSON.stringify([s.oauth2, s.oauth2ClientSecretSealed]);
    const cached = this.cache.get(s.id);
    if (cached && cached.settings === settings && cached.usableUntil > this.clock.now() && cached.token !== rejected)
      return cached.token;
    const pending = this.inFlight.get(s.id);
    if (pending && pending.settings === settings) {
      const token = await pending.token;
      if (token !== rejected) return token;
    }
    const token = this.fetch(s, settings, options).finally(() => {
      if (this.inFlight.get(s.id)?.token === token) this.inFlight.delete(s.id);
    });
    this.inFlight.set(s.id, { settings, token });
    return token;
  }

  /** Forgets a subscription's token (its settings changed or it was deleted). */
  forget(subscriptionId: string): void {
    this.cache.delete(subscriptionId);
  }

  private async fetch(s: OAuth2Columns, settings: string, options: TokenRequestOptions): Promise<string> {
    const o = s.oauth2!;
    const secret = openNamed(s.oauth2ClientSecretSealed!, "the subscription's OAuth2 client secret", (v) =>
      this.secretBox.open(v),
    );
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (o.scope) form.set('scope', o.scope);
    if (o.audience) form.set('audience', o.audience);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (o.authMethod === 'client_secret_post') {
      form.set('client_id', o.clientId);
      form.set('client_secret', secret);
    } else {
      // RFC 6749 2.3.1: each part form-encoded before the Basic encoding.
      const credential = `${encodeURIComponent(o.clientId)}:${encodeURIComponent(secret)}`;
      headers.authorization = `Basic ${Buffer.from(credential).toString('base64')}`;
    }
    const started = this.clock.now();
    const result = await this.sender.send(o.tokenUrl, headers, form.toString(), new Redactor([], [secret]), options);
    const answer = parseJson(result.body);
    if (result.status === null) throw new OAuth2TokenError(result.error ?? 'network error', result.final);
    if (!result.ok)
      throw new OAuth2TokenError(MESSAGES.oauth2Refused(stringOr(answer?.error, 'unexpected answer'), result.status));
    const token = answer?.access_token;
    if (typeof token !== 'string' || !token) throw new OAuth2TokenError(MESSAGES.oauth2NoToken(result.status));
    if (typeof answer.token_type === 'string' && answer.token_type.toLowerCase() !== 'bearer')
      throw new OAuth2TokenError(MESSAGES.oauth2NotBearer(answer.token_type.slice(0, 32), result.status));
    const lifetimeS = Number.isFinite(answer.expires_in) ? Number(answer.expires_in) : DEFAULT_LIFETIME_S;
    this.cache.set(s.id, { settings, token, usableUntil: started + lifetimeS * 1000 - TOKEN_EARLY_REFRESH_MS });
    return token;
  }
}

function parseJson(body: string | null): any {
  try {
    return body ? JSON.parse(body) : null;
  } catch {
    return null;
  }
}

/** A token endpoint's `error` code, short and printable, or the fallback. */
function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^[\x20-\x7e]{1,64}$/.test(value) ? value : fallback;
}
