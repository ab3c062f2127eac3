import { Inject, Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { DeliveryJob } from './delivery-job';
import { DeliveryQueueService } from './delivery-queue.service';
import { DeliveryStore } from './delivery-store.service';
import { HttpSender } from './http-sender';
import { attemptTrigger, retryDelayMs } from './retry-schedule';
import { signatureHeader, webhookMessageId } from './signer';

const USER_AGENT = 'lab-webhooks/0.1';

/** Time a lease outlives the attempt's own limit: room for the database writes after it. */
const LEASE_MARGIN_MS = 15_000;

/**
 * Makes one attempt of one entry: claim it, send it, record it, schedule the next one.
 * Log lines name the entry and the attempt number; never the payload or a secret.
 */
@Injectable()
export class AttemptRunner {
  private readonly logger = new Logger('WebhooksDelivery');

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly store: DeliveryStore,
    private readonly sender: HttpSender,
    private readonly queue: DeliveryQueueService,
    private readonly secretBox: SecretBox,
  ) {}

  /** Returns false when the attempt was not this worker's to make (stale or duplicate job). */
  async run(job: DeliveryJob): Promise<boolean> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.deliveryTimeoutMs + LEASE_MARGIN_MS);
    if (!(await this.store.claim(job.deliveryId, job.attempt, leaseUntil, now))) return false;
    const loaded = await this.store.load(job.deliveryId);
    if (!loaded) return false;
    const { entry, subscription } = loaded;
    if (!subscription) {
      await this.store.finish(entry.id, 'failed', 'endpoint gone');
      return true;
    }
    if (!subscription.active) {
      await this.store.finish(entry.id, 'canceled', 'endpoint deactivated');
      return true;
    }
    await this.attempt(entry, subscription, job.attempt);
    return true;
  }

  private async attempt(entry: WebhookDeliveryEntity, subscription: WebhookSubscriptionEntity, attempt: number): Promise<void> {
    const trigger = attemptTrigger(entry.attemptCount, entry.runAttempts);
    const startedAt = new Date();
    const headers = this.headersFor(entry, subscription, attempt, startedAt);
    const result = await this.sender.send(subscription.url, headers, entry.payload);
    const failedInRun = entry.runAttempts + 1;
    const delay = result.ok || result.final ? null : retryDelayMs(failedInRun, this.options.retryDelaysSeconds);
    const status = result.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying';
    const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
    await this.store.record(entry, {
      status,
      url: subscription.url,
      nextAttemptAt,
      attempt: {
        attempt,
        trigger,
        startedAt,
        durationMs: result.durationMs,
        requestHeaders: redact(headers),
        responseStatus: result.status,
        responseHeaders: result.headers,
        responseBody: result.body,
        error: result.error,
      },
    });
    if (!result.ok) {
      this.logger.warn(`delivery ${entry.id} attempt ${attempt} failed (${result.error}); ${status === 'retrying' ? `next in ${delay} ms` : status}`);
    }
    if (nextAttemptAt) await this.queue.enqueue([{ deliveryId: entry.id, attempt: attempt + 1, url: subscription.url, delayMs: delay! }]);
  }

  private headersFor(entry: WebhookDeliveryEntity, s: WebhookSubscriptionEntity, attempt: number, at: Date): Record<string, string> {
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
      'webhook-signature': signatureHeader(secrets, messageId, at, entry.payload),
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
