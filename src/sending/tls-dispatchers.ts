import { createHash } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';
import { SecretBox } from '../crypto/secret-box';
import { openNamed } from '../crypto/unopenable-secret.error';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { DestinationPolicy } from '../security/destination-policy';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { tlsAlerts } from './tls-alerts';

/** The TLS columns of a subscription. */
export type TlsColumns = Pick<
  WebhookSubscriptionEntity,
  | 'id'
  | 'updatedAt'
  | 'tlsClientCertificate'
  | 'tlsClientKeySealed'
  | 'tlsClientKeyPassphraseSealed'
  | 'tlsCaCertificates'
  | 'tlsTrust'
>;

/** Whether requests to this subscription need TLS settings of their own (else the shared client serves). */
export const hasOwnTls = (s: TlsColumns): boolean => s.tlsClientCertificate !== null || s.tlsTrust !== 'system';

interface Pooled {
  agent: Agent;
  /** Subscriptions that use this identity now. */
  users: Set<string>;
}

/**
 * One undici `Agent` per distinct TLS identity (client certificate and key, trusted CAs), shared
 * by the subscriptions that have it and reused across their requests (keep-alive, one TLS
 * handshake per connection). A subscription whose settings change moves to another agent, and
 * an agent no subscription uses any more is closed (after its requests in flight end).
 * Every agent connects through the destination policy's lookup and the attempt's time limit, like
 * the shared client; the per-endpoint limit stays with the attempt runner, across agents.
 */
@Injectable()
export class TlsDispatchers implements OnApplicationShutdown {
  private readonly logger = new Logger('WebhooksDelivery');
  private readonly agents = new Map<string, Pooled>();
  /** Subscription id to the version of its row last seen and the identity it maps to. */
  private readonly bySubscription = new Map<string, { version: number; identity: string }>();

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly destinations: DestinationPolicy,
    private readonly secretBox: SecretBox,
  ) {}

  /** The agent for a subscription with TLS settings of its own (see `hasOwnTls`). Opens the key only when its row changed. */
  for(s: TlsColumns): Agent {
    const seen = this.bySubscription.get(s.id);
    const version = s.updatedAt.getTime();
    if (seen && seen.version === version) {
      const pooled = this.agents.get(seen.identity);
      if (pooled) return pooled.agent;
    }
    const connect = this.connectOptions(s);
    const identity = createHash('sha256').update(JSON.stringify(connect)).digest('hex');
    if (seen && seen.identity !== identity) this.release(s.id, seen.identity);
    let pooled = this.agents.get(identity);
    if (!pooled) {
      pooled = { agent: this.agent(connect), users: new Set() };
      this.agents.set(identity, pooled);
    }
    pooled.users.add(s.id);
    this.bySubscription.set(s.id, { version, identity });
    return pooled.agent;
  }

  /** Agents open now (for tests and metrics). */
  get size(): number {
    return this.agents.size;
  }

  private connectOptions(s: TlsColumns): Record<string, unknown> {
    const open = (sealed: string, what: string) => openNamed(sealed, what, (v) => this.secretBox.open(v));
    const custom = s.tlsCaCertificates ? [s.tlsCaCertificates] : [];
    return {
      cert: s.tlsClientCertificate ?? undefined,
      key: s.tlsClientKeySealed ? open(s.tlsClientKeySealed, "the subscription's client key") : undefined,
      passphrase: s.tlsClientKeyPassphraseSealed
        ? open(s.tlsClientKeyPassphraseSealed, "the subscription's client key passphrase")
        : undefined,
      // Node's `ca` replaces its trust store: `system+custom` lists the system roots beside the custom CAs.
      ca:
        s.tlsTrust === 'custom'
          ? custom
          : s.tlsTrust === 'system+custom'
            ? [...rootCertificates, ...custom]
            : undefined,
    };
  }

  private agent(tls: Record<string, unknown>): Agent {
    return new Agent({
      connections: this.options.perEndpointConcurrency,
      keepAliveTimeout: 10_000,
      connect: tlsAlerts.connector({
        ...tls,
        timeout: this.options.deliveryTimeoutMs,
        lookup: this.destinations.connectLookup,
      } as object),
    });
  }

  private release(subscriptionId: string, identity: string): void {
    const pooled = this.agents.get(identity);
    if (!pooled) return;
    pooled.users.delete(subscriptionId);
    if (pooled.users.size) return;
    this.agents.delete(identity);
    pooled.agent.close().catch((err) => this.logger.warn(LOG.tlsClientNotClosed(err?.message ?? err)));
  }

  async onApplicationShutdown(): Promise<void> {
    const all = [...this.agents.values()];
    this.agents.clear();
    this.bySubscription.clear();
    await Promise.all(all.map((p) => p.agent.close()));
  }
}
