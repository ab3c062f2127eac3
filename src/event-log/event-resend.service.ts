import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { DeliveryQueueService } from '../delivery/delivery-queue.service';
import { SubjectOrderService } from '../delivery/subject-order.service';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WebhooksConflictError, WebhooksForbiddenError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { CallerLimitsService } from './caller-limits.service';
import { ResendResultDto } from './dto/resend.dto';
import { EventLogService } from './event-log.service';
import { UrlChangeConflict, urlChangesOf } from './url-changes';

/**
 * Resends event-log entries: each visible entry starts a new run of the retry schedule with
 * its next lifetime attempt, under the same `webhook-id`. The attempt's job id is idempotent
 * and the worker claims an attempt in the database before sending, so an entry already queued
 * or in flight is not sent twice at once.
 *
 * @publicApi
 */
@Injectable()
export class EventResendService {
  constructor(
    private readonly log: EventLogService,
    private readonly queue: DeliveryQueueService,
    private readonly order: SubjectOrderService,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    private readonly audit: AuditTrailService,
    private readonly limits: CallerLimitsService,
  ) {}

  /**
   * `confirmNewUrl`: send entries whose last attempt went to another URL than their endpoint's
   * current one (a 409 naming both otherwise); audited as `events.redirected`.
   */
  async resend(caller: WebhooksCaller, ids: string[], confirmNewUrl = false): Promise<ResendResultDto> {
    const requested = [...new Set(ids)];
    if (caller.link && !caller.link.allowResend) throw new WebhooksForbiddenError(MESSAGES.linkResendNotAllowed);
    const visible = new Set(await this.log.visibleIds(caller, requested));
    // An integrator link resends its endpoint's failed entries only.
    if (caller.link && visible.size) {
      const failed = await this.deliveries.find({
        select: { id: true },
        where: { id: In([...visible]), status: 'failed' },
      });
      visible.clear();
      failed.forEach((e) => visible.add(e.id));
    }
    if (visible.size) {
      const ids = [...visible];
      const found = await this.deliveries.find({
        select: { id: true, subscriptionId: true, payloadExpunged: true, url: true, attemptCount: true },
        where: { id: In(ids) },
      });
      const expunged = found.filter((e) => e.payloadExpunged).map((e) => e.id);
      if (expunged.length) throw new WebhooksConflictError(MESSAGES.payloadExpunged(expunged));
      const redirected = await this.urlChanges(found);
      if (redirected.changes.length && !confirmNewUrl) throw new UrlChangeConflict(redirected.changes);
      // A resend that finds nothing queues nothing, and costs the caller nothing.
      await this.limits.take(caller, ids.length);
      const subscriptions = new Set(found.map((e) => e.subscriptionId));
      const now = new Date();
      // A resend is sent on its own: it leaves its subject's order, and no longer holds later entries.
      const groups = await this.order.openGroupsOf(ids);
      await this.deliveries.manager.transaction(async (m) => {
        await m.update(
          WebhookDeliveryEntity,
          { id: In(ids) },
          { status: 'pending', runAttempts: 0, nextAttemptAt: now, orderSeq: null, updatedAt: now },
        );
        await this.audit.record(m, {
          actorId: caller.id,
          action: 'events.resent',
          subscriptionId: subscriptions.size === 1 ? [...subscriptions][0] : null,
          deliveryIds: ids,
        });
        if (redirected.changes.length)
          await this.audit.record(m, {
            actorId: caller.id,
            action: 'events.redirected',
            subscriptionId: subscriptions.size === 1 ? [...subscriptions][0] : null,
            deliveryIds: redirected.ids,
            urlChanges: redirected.changes,
          });
      });
      // Re-read: an attempt recorded meanwhile moves the next lifetime attempt on.
      const rows = await this.deliveries.find({
        select: { id: true, attemptCount: true },
        where: { id: In([...visible]) },
      });
      await this.queue.enqueueNow(rows.map((r) => ({ deliveryId: r.id, attempt: r.attemptCount + 1 })));
      await this.order.release(groups);
    }
    return {
      queued: requested.filter((id) => visible.has(id)),
      notFound: requested.filter((id) => !visible.has(id)),
    };
  }

  /** Entries already sent whose endpoint's URL is no longer the one their last attempt went to. */
  private async urlChanges(entries: Pick<WebhookDeliveryEntity, 'id' | 'subscriptionId' | 'url' | 'attemptCount'>[]) {
    const sent = entries.filter((e) => e.attemptCount > 0);
    const subscriptionIds = [...new Set(sent.map((e) => e.subscriptionId))];
    const current = new Map(
      subscriptionIds.length
        ? (
            await this.deliveries.manager.find(WebhookSubscriptionEntity, {
              select: { id: true, url: true },
              where: { id: In(subscriptionIds) },
            })
          ).map((s) => [s.id, s.url])
        : [],
    );
    const moved = sent.filter((e) => current.has(e.subscriptionId) && current.get(e.subscriptionId) !== e.url);
    return {
      ids: moved.map((e) => e.id),
      changes: urlChangesOf(moved.map((e) => ({ url: e.url, currentUrl: current.get(e.subscriptionId) }))),
    };
  }

  /** Sets entries back to `pending` for a new run of the schedule, in `manager`'s transaction when given. */
  async restart(ids: string[], manager?: EntityManager): Promise<number> {
    const now = new Date();
    const result = await (manager ?? this.deliveries.manager).update(
      WebhookDeliveryEntity,
      { id: In(ids) },
      { status: 'pending', runAttempts: 0, nextAttemptAt: now, updatedAt: now },
    );
    return result.affected ?? ids.length;
  }

  /** Queues the next attempt of each entry to run now (after `restart` committed). */
  async queueNow(ids: string[]): Promise<void> {
    // Re-read: an attempt recorded meanwhile moves the next lifetime attempt on.
    const rows = await this.deliveries.find({ select: { id: true, attemptCount: true }, where: { id: In(ids) } });
    await this.queue.enqueueNow(rows.map((r) => ({ deliveryId: r.id, attempt: r.attemptCount + 1 })));
  }
}
