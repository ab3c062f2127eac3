import type { LookupFunction } from 'node:net';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Agent, Dispatcher, errors as undiciErrors, request } from 'undici';
import { DestinationBlockedError } from '../security/destination-blocked.error';
import { DestinationPolicy } from '../security/destination-policy';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { Redactor } from './redactor';
import { tlsAlerts } from './tls-alerts';
import { describeTlsFailure } from './tls-failures';

export interface SendResult {
  /** True for a 2xx received within the time limit. */
  ok: boolean;
  status: number | null;
  headers: Record<string, string> | null;
  /** Response body, secrets redacted, cut at the configured cap. */
  body: string | null;
  /** Kind of failure, or null on success. */
  error: string | null;
  /** A failure that no retry can mend (destination blocked, 410 Gone). */
  final: boolean;
  durationMs: number;
}

/** How one request goes out, besides the shared client: an endpoint's own TLS identity. */
export interface SendOptions {
  /** The client for an endpoint with TLS settings of its own (see `TlsDispatchers`). */
  dispatcher?: Dispatcher;
  /** Whether that client presents a client certificate (words a refused handshake). */
  clientCertificate?: boolean;
  /** What is left of the attempt's time limit, when this request is one step of it. @default deliveryTimeoutMs */
  timeoutMs?: number;
}

/** The reason a send is aborted with when its time limit is up (as `AbortSignal.timeout` says it). */
const TIMED_OUT = 'The operation was aborted due to timeout';

/** A send the destination policy refused: failed for good, since a retry would go to the same place. */
const BLOCKED = { error: 'destination blocked', final: true } as const;

/** Names a failure for the event log: timeout, connection refused, reset, DNS, TLS, ... */
export function describeFailure(
  err: any,
  timedOut: boolean,
  clientCertificate = false,
): { error: string; final: boolean } {
  if (DestinationBlockedError.isBlocked(err)) return BLOCKED;
  const code: string = tlsAlerts.codeFor(err) ?? err?.code ?? err?.cause?.code ?? '';
  if (
    timedOut ||
    err?.name === 'TimeoutError' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return { error: 'timeout', final: false };
  }
  if (code === 'ECONNREFUSED') return { error: 'connection refused', final: false };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
    return { error: 'connection reset', final: false };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return { error: 'DNS lookup failed', final: false };
  const tls = describeTlsFailure(code, clientCertificate);
  if (tls) return { error: tls, final: false };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { error: 'host unreachable', final: false };
  return { error: code ? `network error (${code})` : 'network error', final: false };
}

/**
 * POSTs with undici: a keep-alive pool per origin, no redirects followed, one time limit over
 * the whole attempt (connect, headers, body), and the response body read up to a cap only.
 */
@Injectable()
export class HttpSender implements OnApplicationShutdown {
  private readonly agent: Agent;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    protected readonly destinations: DestinationPolicy,
  ) {
    this.agent = new Agent({
      connections: options.perEndpointConcurrency,
      keepAliveTimeout: 10_000,
      connect: tlsAlerts.connector({ timeout: options.deliveryTimeoutMs, lookup: this.connectLookup() } as object),
    });
  }

  /**
   * The lookup of every connection: the destination policy's, so the address checked is the
   * address connected to (no DNS rebinding). It honours `lookup` and `allowPrivateNetworks`.
   */
  protected connectLookup(): LookupFunction | undefined {
    return this.destinations.connectLookup;
  }

  /**
   * `redactor`: the request's secrets, replaced in the response's headers and body before they
   * leave this method (a receiver may echo what it got).
   */
  async send(
    url: string,
    headers: Record<string, string>,
    body: string,
    redactor: Redactor = Redactor.none,
    {
      dispatcher = this.agent,
      clientCertificate = false,
      timeoutMs = this.options.deliveryTimeoutMs,
    }: SendOptions = {},
  ): Promise<SendResult> {
    const started = performance.now();
    const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({
      ...r,
      durationMs: Math.round(performance.now() - started),
    });
    // An IP literal never reaches the lookup: check it here, before any connection.
    if (this.destinations.literalProblem(url))
      return done({ ok: false, status: null, headers: null, body: null, ...BLOCKED });
    // One limit over the whole attempt, its timer cleared as soon as the attempt ends (an
    // `AbortSignal.timeout` would live on for the full limit after every request).
    const controller = new AbortController();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(new DOMException(TIMED_OUT, 'TimeoutError')), timeoutMs);
    timer.unref();
    try {
      const res = await request(url, { method: 'POST', headers, body, dispatcher, signal });
      const responseBody = await this.readCapped(res.body, redactor);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return done({
        ok,
        status: res.statusCode,
        headers: redactor.headers(flattenHeaders(res.headers)),
        body: responseBody,
        error: ok ? null : `HTTP ${res.statusCode}`,
        // 410 Gone: the receiver says the endpoint is no more; the endpoint is deactivated.
        final: res.statusCode === 410,
      });
    } catch (err) {
      const timedOut = signal.aborted || err instanceof undiciErrors.RequestAbortedError;
      const failure = describeFailure(err, timedOut, clientCertificate);
      return done({ ok: false, status: null, headers: null, body: null, ...failure });
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Reads at most the cap and drops the rest (the connection is closed rather than drained).
   * Reads the redactor's margin past the cap, so a secret cut by the cap is still found whole.
   */
  private async readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, redactor: Redactor): Promise<string> {
    const cap = this.options.responseBodyLimitBytes;
    const limit = cap + redactor.margin;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        body.destroy();
        break;
      }
    }
    const text = redactor.text(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    return Buffer.byteLength(text) > cap ? Buffer.from(text).subarray(0, cap).toString('utf8') : text;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
