import { Inject, Injectable } from '@nestjs/common';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { storedCertificateInfo } from './certificates';
import { HttpSender, SendOptions, SendResult } from './http-sender';
import { OAuth2TokenError, OAuth2Tokens } from './oauth2-tokens';
import { EndpointRequest } from './signed-headers';
import { hasOwnTls, TlsDispatchers } from './tls-dispatchers';

/** A send's result, and its request as it went (with its bearer token, and what redacts it). */
export interface EndpointSend {
  result: SendResult;
  request: EndpointRequest;
}

const failed = (error: string, final = false, durationMs = 0): SendResult => ({
  ok: false,
  final,
  status: null,
  headers: null,
  body: null,
  error,
  durationMs,
});

/**
 * Sends a signed request to an endpoint with its receiver authentication: its own TLS client
 * (client certificate, trusted CAs) when it has TLS settings, and an OAuth2 bearer token when
 * it has client credentials. A 401 gets one fresh token and one more try within the attempt.
 * Every step shares the attempt's one time limit. Used by deliveries and the test delivery alike.
 */
@Injectable()
export class EndpointSender {
  /** Subscription id to its row version and its client certificate's expiry (parsed once per version). */
  private readonly expiries = new Map<string, { version: number; notAfter: Date | null }>();

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly http: HttpSender,
    private readonly dispatchers: TlsDispatchers,
    private readonly tokens: OAuth2Tokens,
  ) {}

  async send(s: WebhookSubscriptionEntity, request: EndpointRequest, body: string): Promise<EndpointSend> {
    const started = Date.now();
    const expired = this.expiredCertificate(s, started);
    if (expired) return { result: failed(expired), request };
    const tls: SendOptions = hasOwnTls(s)
      ? { dispatcher: this.dispatchers.for(s), clientCertificate: s.tlsClientCertificate !== null }
      : {};
    const left = () => Math.max(1, this.options.deliveryTimeoutMs - (Date.now() - started));
    if (!s.oauth2) {
      return { result: await this.http.send(s.url, request.headers, body, request.redactor, tls), request };
    }
    let sent = request;
    const attempt = async (rejected?: string): Promise<SendResult> => {
      const token = await this.tokens.token(s, { ...tls, timeoutMs: left() }, rejected);
      sent = {
        headers: { ...request.headers, authorization: `Bearer ${token}` },
        redactor: request.redactor.with(['authorization'], [token]),
      };
      return this.http.send(s.url, sent.headers, body, sent.redactor, { ...tls, timeoutMs: left() });
    };
    try {
      let result = await attempt();
      if (result.status === 401) {
        const rejected = sent.headers.authorization.slice('Bearer '.length);
        result = await attempt(rejected);
      }
      return { result: { ...result, durationMs: Date.now() - started }, request: sent };
    } catch (err) {
      if (!(err instanceof OAuth2TokenError)) throw err;
      return { result: failed(err.message, err.final, Date.now() - started), request: sent };
    }
  }

  /** Why the endpoint's client certificate cannot be used now, or null. */
  private expiredCertificate(s: WebhookSubscriptionEntity, now: number): string | null {
    if (s.tlsClientCertificate === null) return null;
    let seen = this.expiries.get(s.id);
    if (!seen || seen.version !== s.updatedAt.getTime()) {
      seen = {
        version: s.updatedAt.getTime(),
        notAfter: storedCertificateInfo(s.tlsClientCertificate)?.notAfter ?? null,
      };
      this.expiries.set(s.id, seen);
    }
    if (!seen.notAfter || seen.notAfter.getTime() > now) return null;
    return `client certificate expired on ${seen.notAfter.toISOString()}`;
  }
}
