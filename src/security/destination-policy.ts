import dns, { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { addressProblem, hostProblem, isIpLiteral } from './address-ranges';
import { DestinationBlockedError } from './destination-blocked.error';

/** How long a URL check waits for DNS before refusing the URL. */
const RESOLVE_TIMEOUT_MS = 5000;

const unbracket = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * Keeps webhooks out of the lab's own network (SSRF). Checked twice: on the URL when a
 * subscription is saved (`checkUrl`), and on the address actually connected to at send time
 * (`connectLookup` for names, `literalProblem` for IP literals, which never reach a lookup),
 * so a name that resolves elsewhere later (DNS rebinding) is still refused.
 */
@Injectable()
export class DestinationPolicy {
  private readonly allowedHosts: Set<string>;

  constructor(@Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions) {
    this.allowedHosts = new Set(options.allowedHosts.map((h) => unbracket(h.toLowerCase())));
  }

  /** Whether the address check is skipped for this host (private networks allowed, or a whitelisted name). */
  isExempt(hostname: string): boolean {
    return this.options.allowPrivateNetworks || this.allowedHosts.has(unbracket(hostname.toLowerCase()));
  }

  /** Why a subscription URL is refused (to follow "url "), or null. Resolves names with the module's lookup. */
  async checkUrl(url: string): Promise<string | null> {
    let hostname: string;
    try {
      hostname = new URL(url).hostname;
    } catch {
      return 'must be an absolute http or https URL';
    }
    if (this.isExempt(hostname)) return null;
    const literal = hostProblem(hostname);
    if (literal) return `must not point into a private network: ${literal}`;
    if (isIpLiteral(hostname)) return null;
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolve(hostname);
    } catch (err) {
      return `host "${hostname}" could not be resolved (${err?.code ?? 'lookup failed'})`;
    }
    const problems = addresses.map((a) => addressProblem(a.address));
    if (problems.length && problems.every((p) => p !== null)) {
      return `must not point into a private network: host "${hostname}" resolves only to blocked addresses (${problems.join('; ')})`;
    }
    return null;
  }

  /** Why sending to this URL is refused before connecting (an IP literal in a blocked range), or null. */
  literalProblem(url: string | URL): string | null {
    const hostname = (typeof url === 'string' ? new URL(url) : url).hostname;
    return this.isExempt(hostname) ? null : hostProblem(hostname);
  }

  /**
   * A `net` lookup for the HTTP client's `connect.lookup`: resolves with the module's lookup
   * and hands back only allowed addresses, so the socket connects to a checked address. When
   * none is allowed it fails with a `DestinationBlockedError` (code `EDESTINATIONBLOCKED`).
   * Serves both the `all: false` and the `all: true` (happy eyeballs) forms.
   */
  readonly connectLookup: LookupFunction = (hostname, options, callback) => {
    const lookup = this.options.lookup ?? dns.lookup;
    if (this.isExempt(hostname)) return lookup(hostname, options, callback);
    lookup(hostname, { ...options, all: true }, (err, result, family) => {
      if (err) return callback(err, '');
      const addresses = toAddresses(result, family);
      const allowed = addresses.filter((a) => addressProblem(a.address) === null);
      if (!allowed.length) {
        const why = addresses.map((a) => addressProblem(a.address)).join('; ') || 'no address';
        return callback(new DestinationBlockedError(`${hostname}: ${why}`) as NodeJS.ErrnoException, '');
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };

  private resolve(hostname: string): Promise<LookupAddress[]> {
    const lookup = this.options.lookup ?? dns.lookup;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })),
        RESOLVE_TIMEOUT_MS,
      );
      lookup(hostname, { all: true }, (err, result, family) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(toAddresses(result, family));
      });
    });
  }
}

/** A lookup answer as a list, whichever form the (possibly injected) lookup gave. */
function toAddresses(result: string | LookupAddress[], family?: number): LookupAddress[] {
  if (Array.isArray(result)) return result;
  return result ? [{ address: result, family: family ?? (result.includes(':') ? 6 : 4) }] : [];
}
