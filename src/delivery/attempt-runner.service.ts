import { Inject, Injectable, Logger } from '@nestjs/common';
import { MicroBatcher } from '../common/micro-batcher';
import { SecretBox } from '../crypto/secret-box';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { WebhooksMetrics } from '../operations/webhooks-metrics';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { DeliveryJob, endpointOf } from './delivery-job';
import { DeliveryQueueService, DueAttempt } from './delivery-queue.service';
import { AttemptOutcome, Claimed, DeliveryStore } from './delivery-store.service';
import { EndpointLimiter } from './endpoint-limiter';
import { HttpSender, SendResult } from './http-sender';
import { EndpointSaturatedError } from './job-backoff';
import { attemptTrigger, retryDelayMs } from './retry-schedule';
import { signatureHeader, webhookMessageId } from './signer';

const USER_AGENT = 'lab-webhooks/0.1';

/** Time a lease outlives the attempt's own limit: room for the database writes after it. */
const LEASE_MARGIN_MS = 15_000;

/** How long an attempt may wait in this process for its endpoint to free a slot. */
const SLOT_WAIT_MS = 1000;

/** Attempts claimed or recorded in one database round trip, at most. */
const BATCH_SIZE = 100;

interface Recorded extends AttemptOutcome {
  retry?: DueAttempt;
}

/**
 * Makes one attempt of one entry: claim it, send it, record it, schedule the next one. Claims
 * and records of attempts running at the same time share one round trip and one commit; at
 * most `perEndpointConcurrency` requests go to one endpoint at once, so a hanging endpoint
 * holds few of the worker's slots.
 * Log lines name the entry and the attempt number; never the payload or a secret.
 */
@Injectable()
export class AttemptRunner {
  private readonly logger = new Logger('WebhooksDelivery');
  private readonly claims = new MicroBatcher<DeliveryJob, Claimed | undefined>(
    (jobs) => this.claimBatch(jobs),
    BATCH_SIZE,
  );
  private readonly records = new MicroBatcher<Recorded, void>((outcomes) => this.recordBatch(outcomes), BATCH_SIZE);
  private readonly limiter: EndpointLimiter;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly store: DeliveryStore,
    private readonly sender: HttpSender,
    private readonly queue: DeliveryQueueService,
    private readonly secretBox: SecretBox,
    private readonly metrics: WebhooksMetrics,
    private readonly sealer: PayloadSealer,
  ) {
    this.limiter = new EndpointLimiter(options.perEndpointConcurrency);
  }

  /** Returns false when the attempt was not this worker's to make (stale or duplicate job). */
  async run(job: DeliveryJob): Promise<boolean> {
    // A hanging endpoint: hand the job back before it costs a claim and its release.
    if (job.endpoint && this.limiter.isHanging(job.endpoint)) throw new EndpointSaturatedError();
    const claimed = await this.claims.add(job);
    if (!claimed) return false;
    const { entry, subscription } = claimed;
    if (!subscription) {
      await this.store.finish(entry.id, 'failed', 'endpoint gone');
    } else if (!subscription.active) {
      await this.store.finish(entry.id, 'canceled', 'endpoint deactivated');
    } else if (entry.payloadExpunged) {
      await this.store.finish(entry.id, 'canceled', 'payload expunged');
    } else {
      await this.attempt(entry, subscription, job.attempt);
    }
    return true;
  }

  private async claimBatch(jobs: DeliveryJob[]): Promise<(Claimed | undefined)[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.deliveryTimeoutMs + LEASE_MARGIN_MS);
    // A batch may hold two jobs of one entry (a duplicate); only the first can win the claim.
    const first = new Map<string, DeliveryJob>();
    for (const j of jobs) if (!first.has(j.deliveryId)) first.set(j.deliveryId, j);
    const won = await this.store.claimMany([...first.values()], leaseUntil, now);
    return jobs.map((j) => (first.get(j.deliveryId) === j ? won.get(j.deliveryId) : undefined));
  }

  private async recordBatch(outcomes: Recorded[]): Promise<void[]> {
    await this.store.recordMany(outcomes).catch((err) => {
      // The attempts were made but not recorded: their leases expire and they are sent again.
      this.logger.error(
        `could not record ${outcomes.length} attempt(s) (${outcomes.map((o) => o.deliveryId).join(', ')}): ${err?.code ?? err?.message}`,
      );
      throw err;
    });
    const retries = outcomes.flatMap((o) => (o.retry ? [o.retry] : []));
    await this.queue
      .enqueue(retries)
      .catch((err) =>
        this.logger.warn(`could not queue ${retries.length} retries; the recovery sweep will: ${err?.message ?? err}`),
      );
    return outcomes.map(() => undefined);
  }

  private async attempt(
    entry: WebhookDeliveryEntity,
    subscription: WebhookSubscriptionEntity,
    attempt: number,
  ): Promise<void> {
    const trigger = attemptTrigger(entry.attemptCount, entry.runAttempts);
    // The endpoint's slot covers the HTTP request only: claims and records are batched around it.
    const endpoint = endpointOf(subscription.url);
    if (!(await this.limiter.acquire(endpoint, SLOT_WAIT_MS))) {
      await this.store.release(entry);
      throw new EndpointSaturatedError(); // Bull takes the job back and returns it after a backoff
    }
    const startedAt = new Date();
    // Opened once per attempt, kept in memory only for the request.
    const body = this.sealer.open(entry.payload);
    const headers = this.headersFor(entry, body, subscription, attempt, startedAt);
    let result: SendResult;
    try {
      result = await this.sender.send(subscription.url, headers, body);
    } finally {
      this.limiter.release(endpoint);
    }
    const delay =
      result.ok || result.final ? null : retryDelayMs(entry.runAttempts + 1, this.options.retryDelaysSeconds);
    const status = result.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying';
    this.metrics.attempted(entry.eventType, result, status === 'failed');
    await this.records.add({
      deliveryId: entry.id,
      status,
      url: subscription.url,
      nextAttemptAt: delay === null ? null : new Date(Date.now() + delay),
      attempt: {
        attempt,
        trigger,
        startedAt,
        durationMs: result.durationMs,
        requestHeaders: redact(headers),
        responseStatus: result.status,
        responseHeaders: result.headers,
        responseBody: this.sealer.sealNullable(result.body),
        error: result.error,
      },
      retry:
        delay === null
          ? undefined
          : { deliveryId: entry.id, attempt: attempt + 1, url: subscription.url, delayMs: delay },
    });
    if (!result.ok) {
      this.logger.warn(
        `delivery ${entry.id} attempt ${attempt} failed (${result.error}); ${status === 'retrying' ? `next in ${delay} ms` : status}`,
      );
    }
  }

  private headersFor(
    entry: WebhookDeliveryEntity,
    body: string,
    s: WebhookSubscriptionEntity,
    attempt: number,
    at: Date,
  ): Record<string, string> {
    const messageId = webhookMessageId(entry.id);
    const secrets = [this.secretBox.open(s.signingSecretSealed)];
    if (s.previousSecretSealed && s.previousSecretExpiresAt && s.previousSecretExpiresAt.getTime() > at.getTime()) {
      secrets.push(this.secretBox.open(s.previousSecretSealed));
    }
    const headers: Record<string, string> = {
      ...s.headers,
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signatureHeader(secrets, messageId, at, body),
      'x-webhook-event': entry.eventType,
      'x-webhook-attempt': String(attempt),
    };
    if (s.username !== null && s.passwordSealed !== null) {
      const password = this.secretBox.open(s.passwordSealed);
      headers.authorization = `Basic ${Buffer.from(`${s.username}:${password}`).toString('base64')}`;
    }
    return headers;
  }
}

/** The headers as stored in the log: the Authorization value never leaves the process. */
function redact(headers: Record<string, string>): Record<string, string> {
  return headers.authorization ? { ...headers, authorization: 'Basic [redacted]' } : headers;
}
