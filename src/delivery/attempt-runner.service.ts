import { Inject, Injectable, Logger } from '@nestjs/common';
import { MicroBatcher } from '../common/micro-batcher';
import { SecretBox } from '../crypto/secret-box';
import { openNamed, UnopenableSecretError } from '../crypto/unopenable-secret.error';
import { EndpointHealthService, RecordedAttempt } from '../endpoint-health/endpoint-health.service';
import { EventCatalogService } from '../event-types/event-catalog.service';
import { FormatRenderError, RenderedBody } from '../formats/body-format';
import { BodyFormatsService } from '../formats/body-formats.service';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { WebhooksMetrics } from '../operations/webhooks-metrics';
import { DeliveryStatus, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { EndpointSender } from '../sending/endpoint-sender';
import { SendResult } from '../sending/http-sender';
import { Redactor } from '../sending/redactor';
import { EndpointRequest, signedHeaders } from '../sending/signed-headers';
import { webhookMessageId } from '../sending/signer';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG, MESSAGES } from '../webhooks.messages';
import { DeliveryJob, endpointOf } from './delivery-job';
import { DeliveryQueueService, DueAttempt } from './delivery-queue.service';
import { AttemptOutcome, Claimed, DeliveryStoreService } from './delivery-store.service';
import { EndpointLimiter } from './endpoint-limiter';
import { EndpointSaturatedError } from './job-backoff';
import { nextDelay } from './retry-after';
import { attemptTrigger, retryDelayMs } from './retry-schedule';
import { SubjectOrderService } from './subject-order.service';

/** Time a lease outlives the attempt's own limit: room for the database writes after it. */
const LEASE_MARGIN_MS = 15_000;

/** How long an attempt may wait in this process for its endpoint to free a slot. */
const SLOT_WAIT_MS = 1000;

/** Attempts claimed or recorded in one database round trip, at most. */
const BATCH_SIZE = 100;

/** `webhook_attempts.error` holds this many characters. */
const ERROR_COLUMN_LENGTH = 512;

interface Recorded extends AttemptOutcome {
  retry?: DueAttempt;
  health: RecordedAttempt;
}

/**
 * Makes one attempt of one entry: claim it, send it, record it, schedule the next one. Claims
 * and records of attempts running at the same time share one round trip and one commit; at
 * most `perEndpointConcurrency` requests go to one endpoint at once, so a hanging endpoint
 * holds few of the worker's slots.
 * Log lines name the entry and the attempt number; never the payload or a secret.
 */
@Injectable()
export class AttemptRunnerService {
  private readonly logger = new Logger('WebhooksDelivery');
  private readonly claims = new MicroBatcher<DeliveryJob, Claimed | undefined>(
    (jobs) => this.claimBatch(jobs),
    BATCH_SIZE,
  );
  private readonly records = new MicroBatcher<Recorded, void>((outcomes) => this.recordBatch(outcomes), BATCH_SIZE);
  private readonly limiter: EndpointLimiter;

  constructor(
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly store: DeliveryStoreService,
    private readonly sender: EndpointSender,
    private readonly queue: DeliveryQueueService,
    private readonly secretBox: SecretBox,
    private readonly metrics: WebhooksMetrics,
    private readonly order: SubjectOrderService,
    private readonly health: EndpointHealthService,
    private readonly sealer: PayloadSealer,
    private readonly catalog: EventCatalogService,
    private readonly formats: BodyFormatsService,
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
    let status: DeliveryStatus;
    if (!subscription) {
      await this.store.finish(entry, (status = 'failed'), 'endpoint gone');
    } else if (!subscription.active) {
      await this.store.finish(entry, (status = 'canceled'), 'endpoint deactivated');
    } else if (entry.payloadExpunged) {
      await this.store.finish(entry, (status = 'canceled'), 'payload expunged');
    } else {
      status = await this.attempt(entry, subscription, job.attempt);
    }
    // Final: the next entry of its subject may go (an ordered subscription's entry only).
    if (entry.orderSeq !== null && entry.subjectHash !== null && status !== 'retrying') {
      await this.order.release([{ subscriptionId: entry.subscriptionId, subjectHash: entry.subjectHash }]);
    }
    return true;
  }

  private async claimBatch(jobs: DeliveryJob[]): Promise<(Claimed | undefined)[]> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.options.deliveryTimeoutMs + LEASE_MARGIN_MS);
    // A batch may hold two jobs of one entry (a duplicate); only the first can win the claim.
    const first = new Map<string, DeliveryJob>();
    for (const j of jobs) if (!first.has(j.deliveryId)) first.set(j.deliveryId, j);
    const maxRunAttempts = this.options.retryDelaysSeconds.length + 1;
    const won = await this.store.claimMany([...first.values()], leaseUntil, now, maxRunAttempts);
    return jobs.map((j) => (first.get(j.deliveryId) === j ? won.get(j.deliveryId) : undefined));
  }

  private async recordBatch(outcomes: Recorded[]): Promise<void[]> {
    const lost = await this.store.recordMany(outcomes).catch((err) => {
      // Their leases expire and the sweep hands the entries out again, under their next
      // attempt number: the claim counted these attempts, so the run's sends stay bounded.
      this.logger.error(
        LOG.attemptsNotRecorded(
          outcomes.length,
          outcomes.map((o) => o.deliveryId),
          err?.code ?? err?.message,
        ),
      );
      throw err;
    });
    if (lost.length) this.logger.error(LOG.attemptsLost(lost));
    const retries = outcomes.flatMap((o) => (o.retry && !lost.includes(o.deliveryId) ? [o.retry] : []));
    await this.queue
      .enqueue(retries)
      .catch((err) => this.logger.warn(LOG.retriesNotQueued(retries.length, err?.message ?? err)));
    await this.health.afterRecorded(outcomes.map((o) => o.health));
    return outcomes.map(() => undefined);
  }

  private async attempt(
    entry: WebhookDeliveryEntity,
    subscription: WebhookSubscriptionEntity,
    attempt: number,
  ): Promise<DeliveryStatus> {
    // The claim counted this attempt: the counters before it are one less.
    const trigger = attemptTrigger(entry.attemptCount - 1, entry.runAttempts - 1);
    // The endpoint's slot covers the HTTP request only: claims and records are batched around it.
    const endpoint = endpointOf(subscription.url);
    if (!(await this.limiter.acquire(endpoint, SLOT_WAIT_MS))) {
      // Bull takes the job back: soon if the endpoint still answers, after a backoff if it hangs.
      const saturated = this.limiter.isAnswering(endpoint)
        ? EndpointSaturatedError.busy()
        : new EndpointSaturatedError();
      await this.store.release(entry);
      throw saturated;
    }
    const startedAt = new Date();
    let request: EndpointRequest = { headers: {}, redactor: Redactor.none };
    let result: SendResult & { logged?: string };
    try {
      // Opened once per attempt, kept in memory only for the request.
      const payloadJson = openNamed(entry.payload, "the entry's payload", (v) => this.sealer.open(v));
      const rendered = await this.formats.render({
        payloadJson,
        eventType: entry.eventType,
        entryId: entry.id,
        createdAt: entry.createdAt,
        eventNumber: entry.eventNumber,
        attempt,
        subscription,
      });
      const signed = this.headersFor(entry, rendered, subscription, attempt, startedAt);
      ({ request, result } = await this.sender.send(subscription, signed, rendered.body));
      if (result.ok) result = this.interpreted(subscription, result);
    } catch (err) {
      if (!(err instanceof UnopenableSecretError) && !(err instanceof FormatRenderError)) throw err;
      // No retry can mend it (until the value is re-sealed, or the format can render it): failed for good, and said why.
      result = { ok: false, final: true, status: null, headers: null, body: null, error: err.message, durationMs: 0 };
    } finally {
      this.limiter.release(endpoint);
    }
    // The claim counted this attempt: runAttempts includes it.
    const scheduled =
      result.ok || result.final ? null : retryDelayMs(entry.runAttempts, this.options.retryDelaysSeconds);
    const next = scheduled === null ? null : nextDelay(scheduled, result, this.options.maxRetryAfterSeconds);
    const delay = next?.delayMs ?? null;
    const status = result.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying';
    this.metrics.attempted(entry.eventType, result, status === 'failed');
    // The receiver's own words (an HL7 ACK's MSA-3 and ERR text) may quote patient data: the
    // attempt keeps them sealed like its response body; the entry, the health event and the
    // log line get the words-free form.
    const plainError = result.logged ?? result.error;
    await this.records.add({
      deliveryId: entry.id,
      status,
      entryError: plainError,
      url: subscription.url,
      nextAttemptAt: delay === null ? null : new Date(Date.now() + delay),
      attempt: {
        attempt,
        trigger,
        url: subscription.url,
        startedAt,
        durationMs: result.durationMs,
        requestHeaders: request.redactor.requestHeaders(request.headers),
        responseStatus: result.status,
        responseHeaders: result.headers,
        responseBody: await this.storedBody(entry.id, attempt, result.body),
        error: result.logged && result.error ? this.sealedError(result.error) : result.error,
        nextDelayMs: delay,
        delayReason: next?.reason ?? null,
      },
      health: {
        deliveryId: entry.id,
        subscriptionId: subscription.id,
        eventType: entry.eventType,
        attempt,
        status,
        responseStatus: result.status,
        error: plainError,
        wasFailing: subscription.failingSince !== null,
      },
      retry:
        delay === null
          ? undefined
          : { deliveryId: entry.id, attempt: attempt + 1, url: subscription.url, delayMs: delay },
    });
    if (!result.ok) {
      this.logger.warn(
        LOG.attemptFailed(
          entry.id,
          attempt,
          result.logged ?? result.error,
          status === 'retrying' ? LOG.nextAttemptIn(delay, next?.reason) : status,
        ),
      );
    }
    return status;
  }

  /**
   * The response body as stored: sealed, or a short marker when storing it would take the
   * entry's attempts past `maxStoredResponseBytesPerEntry` (counted as stored, sealed).
   */
  private async storedBody(deliveryId: string, attempt: number, body: string | null): Promise<string | null> {
    const sealed = this.sealer.sealNullable(body);
    if (sealed === null || sealed === '') return sealed;
    const cap = this.options.maxStoredResponseBytesPerEntry;
    // The first attempt has nothing stored before it: no need to ask.
    const before = attempt > 1 ? await this.store.storedResponseBytes(deliveryId) : 0;
    if (before + Buffer.byteLength(sealed) <= cap) return sealed;
    return this.sealer.seal(MESSAGES.responseBodyNotStored(Buffer.byteLength(body!), cap));
  }

  /** The receiver's error text sealed, cut until its sealed form fits the 512-character column. */
  private sealedError(text: string): string {
    for (let keep = text.length; ; keep = Math.floor(keep * 0.85)) {
      const sealed = this.sealer.sealReceiverText(keep < text.length ? `${text.slice(0, keep)}...` : text);
      if (sealed.length <= ERROR_COLUMN_LENGTH || keep === 0) return sealed;
    }
  }

  /** A 2xx answer as the subscription's format reads it (an HL7 v2 ACK may say the message was refused). */
  private interpreted(s: WebhookSubscriptionEntity, result: SendResult): SendResult & { logged?: string } {
    const verdict = this.formats.interpret(s.format, {
      status: result.status!,
      headers: result.headers,
      body: result.body,
    });
    return verdict.ok
      ? result
      : { ...result, ok: false, final: verdict.final, error: verdict.error, logged: verdict.logged };
  }

  private headersFor(
    entry: WebhookDeliveryEntity,
    rendered: RenderedBody,
    s: WebhookSubscriptionEntity,
    attempt: number,
    at: Date,
  ): EndpointRequest {
    const messageId = webhookMessageId(entry.id);
    return signedHeaders(this.secretBox, s, {
      messageId,
      eventType: entry.eventType,
      // The catalog in force when the attempt is made: a host that changes a schema changes its version too.
      schema: this.catalog.schemaHeader(entry.eventType),
      attempt,
      body: rendered.body,
      contentType: rendered.contentType,
      at,
    });
  }
}
