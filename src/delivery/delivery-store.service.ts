import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { isMysql } from '../persistence/columns';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { DeliveryStatus, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { DeliveryJob } from './delivery-job';

/** What the worker records after an attempt. */
export interface AttemptOutcome {
  deliveryId: string;
  attempt: Omit<WebhookAttemptEntity, 'id' | 'deliveryId'>;
  status: DeliveryStatus;
  url: string;
  nextAttemptAt: Date | null;
}

/** A claimed attempt: the entry, and its subscription (null when it was deleted). */
export interface Claimed {
  entry: WebhookDeliveryEntity;
  subscription: WebhookSubscriptionEntity | null;
}

const DUE = ['pending', 'retrying'];

/** MySQL's deadlock and lock-wait errors: the transaction was rolled back whole and may run again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

async function withDeadlockRetry<T>(work: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      const code = err?.code ?? err?.driverError?.code;
      if (i >= tries || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

/**
 * The database side of delivery, batch by batch. An attempt is claimed with a conditional
 * UPDATE that sets a lease, so among any number of workers and duplicate jobs exactly one
 * sends it; a worker that dies leaves a lease that expires, and the attempt is handed out again.
 */
@Injectable()
export class DeliveryStore {
  private readonly mysql: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.mysql = isMysql(dataSource);
  }

  /**
   * Claims lifetime attempt `attempt` of each entry that is still due and not leased, and
   * reads back what was won: one UPDATE and two SELECTs for the whole batch.
   */
  async claimMany(unsorted: DeliveryJob[], leaseUntil: Date, now: Date): Promise<Map<string, Claimed>> {
    const token = newId();
    const jobs = [...unsorted].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
    const pairs = jobs.map(() => '(?, ?)').join(', ');
    const due = DUE.map(() => '?').join(', ');
    await withDeadlockRetry(() =>
      this.dataSource.query(
        `UPDATE webhook_deliveries SET lease_until = ?, lease_token = ?
       WHERE (id, attempt_count) IN (${pairs}) AND status IN (${due}) AND (lease_until IS NULL OR lease_until < ?)`,
        [this.date(leaseUntil), token, ...jobs.flatMap((j) => [j.deliveryId, j.attempt - 1]), ...DUE, this.date(now)],
      ),
    );
    const entries = await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .findBy({ id: In(jobs.map((j) => j.deliveryId)), leaseToken: token });
    const subscriptionIds = [...new Set(entries.map((e) => e.subscriptionId))];
    const subscriptions = subscriptionIds.length
      ? await this.dataSource.getRepository(WebhookSubscriptionEntity).findBy({ id: In(subscriptionIds) })
      : [];
    const byId = new Map(subscriptions.map((s) => [s.id, s]));
    return new Map(entries.map((entry) => [entry.id, { entry, subscription: byId.get(entry.subscriptionId) ?? null }]));
  }

  /** Stores a batch of attempts and their entries' new state in one transaction, freeing the leases. */
  async recordMany(unsorted: AttemptOutcome[]): Promise<void> {
    // Rows in id order: concurrent batches lock in the same order, which keeps deadlocks rare.
    const outcomes = [...unsorted].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
    await withDeadlockRetry(() => this.recordTransaction(outcomes));
  }

  private async recordTransaction(outcomes: AttemptOutcome[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(WebhookAttemptEntity)
        .values(outcomes.map((o) => ({ ...o.attempt, id: newId(), deliveryId: o.deliveryId })))
        .updateEntity(false)
        .execute();
      if (this.mysql) await this.updateEntriesJoined(m, outcomes);
      else for (const o of outcomes) await this.updateEntry(m, o);
    });
  }

  /** MySQL/MariaDB: every entry of the batch in one UPDATE, joined to the batch's new values. */
  private async updateEntriesJoined(m: EntityManager, outcomes: AttemptOutcome[]): Promise<void> {
    const rows = outcomes
      .map((_, i) =>
        i === 0
          ? 'SELECT ? AS id, ? AS status, ? AS attempt_count, ? AS last_response_status, ? AS last_error, ? AS next_attempt_at, ? AS url'
          : 'SELECT ?, ?, ?, ?, ?, ?, ?',
      )
      .join(' UNION ALL ');
    const params = outcomes.flatMap((o) => [
      o.deliveryId,
      o.status,
      o.attempt.attempt,
      o.attempt.responseStatus,
      o.attempt.error,
      o.nextAttemptAt,
      o.url,
    ]);
    await m.query(
      `UPDATE webhook_deliveries d JOIN (${rows}) v ON d.id = v.id
       SET d.status = v.status, d.attempt_count = v.attempt_count, d.run_attempts = d.run_attempts + 1,
           d.last_response_status = v.last_response_status, d.last_error = v.last_error,
           d.next_attempt_at = v.next_attempt_at, d.lease_until = NULL, d.lease_token = NULL,
           d.url = v.url, d.updated_at = ?
       WHERE d.attempt_count = v.attempt_count - 1`,
      [...params, new Date()],
    );
  }

  private async updateEntry(m: EntityManager, o: AttemptOutcome): Promise<void> {
    await m
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status: o.status,
        attemptCount: o.attempt.attempt,
        runAttempts: () => 'run_attempts + 1',
        lastResponseStatus: o.attempt.responseStatus,
        lastError: o.attempt.error,
        nextAttemptAt: o.nextAttemptAt,
        leaseUntil: null,
        leaseToken: null,
        url: o.url,
        updatedAt: new Date(),
      })
      .where('id = :id AND attempt_count = :before', { id: o.deliveryId, before: o.attempt.attempt - 1 })
      .execute();
  }

  /** Gives a claimed attempt back untouched (its endpoint had no free slot). */
  async release(entry: WebhookDeliveryEntity): Promise<void> {
    await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .update({ id: entry.id, leaseToken: entry.leaseToken! }, { leaseUntil: null, leaseToken: null });
  }

  /** Ends an entry without an attempt (endpoint deleted or deactivated). */
  async finish(deliveryId: string, status: 'failed' | 'canceled', reason: string): Promise<void> {
    await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .update(
        { id: deliveryId, status: In(DUE) },
        { status, lastError: reason, nextAttemptAt: null, leaseUntil: null, leaseToken: null, updatedAt: new Date() },
      );
  }

  /** Entries due (or whose worker died) that the queue may have lost, a page at a time by id. */
  async findDue(
    dueBefore: Date,
    now: Date,
    limit: number,
    afterId = '',
  ): Promise<Pick<WebhookDeliveryEntity, 'id' | 'attemptCount'>[]> {
    return this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .select(['d.id', 'd.attemptCount'])
      .where('d.status IN (:...due)', { due: DUE })
      .andWhere('d.next_attempt_at <= :dueBefore', { dueBefore })
      .andWhere('(d.lease_until IS NULL OR d.lease_until < :now)', { now })
      .andWhere('d.id > :afterId', { afterId })
      .orderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Raw-query date parameter: mysql2 formats a Date itself; SQLite stores TypeORM's UTC text. */
  private date(d: Date): Date | string {
    return this.mysql ? d : d.toISOString().replace('T', ' ').replace('Z', '');
  }
}
