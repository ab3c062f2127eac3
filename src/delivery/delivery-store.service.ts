import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { newId } from '../common/ids';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { DeliveryStatus, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';

/** What the worker records after an attempt. */
export interface AttemptOutcome {
  attempt: Omit<WebhookAttemptEntity, 'id' | 'deliveryId'>;
  status: DeliveryStatus;
  url: string;
  nextAttemptAt: Date | null;
}

/**
 * The database side of delivery. An attempt is claimed with a conditional UPDATE (a lease),
 * so among any number of workers and duplicate jobs exactly one sends it; a worker that dies
 * leaves a lease that expires, and the recovery sweep hands the attempt out again.
 */
@Injectable()
export class DeliveryStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the lease on lifetime attempt `attempt` of an entry; false when it is not due or taken. */
  async claim(deliveryId: string, attempt: number, leaseUntil: Date, now: Date): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({ leaseUntil })
      .where('id = :deliveryId AND attempt_count = :before', { deliveryId, before: attempt - 1 })
      .andWhere('status IN (:...due)', { due: ['pending', 'retrying'] })
      .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
      .execute();
    return result.affected === 1;
  }

  async load(deliveryId: string): Promise<{ entry: WebhookDeliveryEntity; subscription: WebhookSubscriptionEntity | null } | null> {
    const entry = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId });
    if (!entry) return null;
    const subscription = await this.dataSource.getRepository(WebhookSubscriptionEntity).findOneBy({ id: entry.subscriptionId });
    return { entry, subscription };
  }

  /** Stores the attempt and the entry's new state together, and frees the lease. */
  async record(entry: WebhookDeliveryEntity, outcome: AttemptOutcome): Promise<void> {
    const { attempt } = outcome;
    await this.dataSource.transaction(async (m) => {
      await m.createQueryBuilder().insert().into(WebhookAttemptEntity).values({ ...attempt, id: newId(), deliveryId: entry.id }).updateEntity(false).execute();
      await m
        .createQueryBuilder()
        .update(WebhookDeliveryEntity)
        .set({
          status: outcome.status,
          attemptCount: attempt.attempt,
          runAttempts: () => 'run_attempts + 1',
          lastResponseStatus: attempt.responseStatus,
          lastError: attempt.error,
          nextAttemptAt: outcome.nextAttemptAt,
          leaseUntil: null,
          url: outcome.url,
          updatedAt: new Date(),
        })
        .where('id = :id AND attempt_count = :before', { id: entry.id, before: attempt.attempt - 1 })
        .execute();
    });
  }

  /** Ends an entry without an attempt (endpoint deleted or deactivated). */
  async finish(deliveryId: string, status: 'failed' | 'canceled', reason: string): Promise<void> {
    await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .update({ id: deliveryId, status: In(['pending', 'retrying']) }, { status, lastError: reason, nextAttemptAt: null, leaseUntil: null, updatedAt: new Date() });
  }

  /** Entries due (or whose worker died) that the queue may have lost, oldest first. */
  async findDue(dueBefore: Date, now: Date, limit: number): Promise<Pick<WebhookDeliveryEntity, 'id' | 'attemptCount' | 'url'>[]> {
    return this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .select(['d.id', 'd.attemptCount', 'd.url'])
      .where('d.status IN (:...due)', { due: ['pending', 'retrying'] })
      .andWhere('d.next_attempt_at <= :dueBefore', { dueBefore })
      .andWhere('(d.lease_until IS NULL OR d.lease_until < :now)', { now })
      .orderBy('d.next_attempt_at', 'ASC')
      .take(limit)
      .getMany();
  }
}
