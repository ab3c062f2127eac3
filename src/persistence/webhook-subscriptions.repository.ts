import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallerScope } from '../auth/caller-scope';
import { WebhookSubscriptionUsersRepository } from './webhook-subscription-users.repository';
import { DisabledReason, WebhookSubscriptionEntity } from './webhook-subscription.entity';

/**
 * `webhook_subscriptions` (the endpoints): the page of a caller's list and the conditional
 * UPDATEs of endpoint health, each claimed by one instance only.
 */
@Injectable()
export class WebhookSubscriptionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: WebhookSubscriptionUsersRepository,
  ) {}

  /** Up to `n` endpoints `scope` sees with an id below `before` (none: from the newest), newest first. */
  page(scope: CallerScope, before: string | undefined, n: number): Promise<WebhookSubscriptionEntity[]> {
    const qb = this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .orderBy('s.id', 'DESC')
      .take(n);
    if (before) qb.andWhere('s.id < :before', { before });
    this.assignments.restrict(qb, scope, 's.id');
    return qb.getMany();
  }

  /**
   * Inside `m`'s transaction: deactivates the endpoint if still active (and, given
   * `failingBefore`, failing since then at least); false when it was not.
   */
  async disable(
    m: EntityManager,
    id: string,
    reason: DisabledReason,
    now: Date,
    failingBefore?: Date,
  ): Promise<boolean> {
    const qb = m
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ active: false, disabledReason: reason, disabledAt: now, updatedAt: now })
      .where('id = :id AND active = :active', { id, active: true });
    if (failingBefore) qb.andWhere('failing_since <= :threshold', { threshold: failingBefore });
    return Boolean((await qb.execute()).affected);
  }

  /** Starts the endpoint's failing clock at `now` unless it runs already. */
  async startFailing(id: string, now: Date): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ failingSince: now })
      .where('id = :id AND failing_since IS NULL', { id })
      .execute();
  }

  /** Stops the endpoint's failing clock; false when it was not running. */
  async stopFailing(id: string): Promise<boolean> {
    const cleared = await this.dataSource
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ failingSince: null })
      .where('id = :id AND failing_since IS NOT NULL', { id })
      .execute();
    return Boolean(cleared.affected);
  }

  /** Records a certificate warning at `now` unless one was recorded after `lastBefore`; false when it was. */
  async claimCertificateWarning(id: string, now: Date, lastBefore: Date): Promise<boolean> {
    const won = await this.dataSource
      .createQueryBuilder()
      .update(WebhookSubscriptionEntity)
      .set({ certificateWarnedAt: now })
      .where('id = :id AND (certificate_warned_at IS NULL OR certificate_warned_at <= :dayAgo)', {
        id,
        dayAgo: lastBefore,
      })
      .execute();
    return Boolean(won.affected);
  }
}
