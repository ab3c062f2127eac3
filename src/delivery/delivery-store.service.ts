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

/** Why an entry ended without a recorded last attempt (see failExhausted). */
const UNRECORDED_LAST_ATTEMPT = 'attempts used up; the last one could not be recorded';

/** Errors caused by the rows written, not by the connection or server: worth a row-by-row retry. */
function isRowError(err: any): boolean {
  const code = err?.code ?? err?.driverError?.code;
  return !['ECONNREFUSED', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST', 'ETIMEDOUT', 'EPIPE'].includes(code);
}

/** An attempt kept without the details that could not be stored (headers, response). */
function withoutDetails(o: AttemptOutcome, err: any): AttemptOutcome {
  const code = err?.code ?? err?.driverError?.code ?? 'error';
  const error = `${o.attempt.error ? `${o.attempt.error}; ` : ''}attempt details not stored (${code})`.slice(0, 512);
  return { ...o, attempt: { ...o.attempt, requestHeaders: {}, responseHeaders: null, responseBody: null, error } };
}

/** MySQL's deadlock and lock-wait errors: the transaction was rolled back whole and may run again. */
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export async function withDeadlockRetry<T>(work: () => Promise<T>, tries = 5): Promise<T> {
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
   * Claims lifetime attempt `attempt` of each entry that is still due, not leased and has
   * attempts left in its run, and reads back what was won: one UPDATE and two SELECTs for
   * the whole batch. The claim counts the attempt (`attempt_count`, `run_attempts`), so an
   * attempt whose record is lost is not sent again under the same number, and the sends of
   * a run stay bounded by `maxRunAttempts` even when no record can be written. An ordered
   * entry waiting for its turn has no due time: a stray job for it does nothing.
   */
  async claimMany(
    unsorted: DeliveryJob[],
    leaseUntil: Date,
    now: Date,
    maxRunAttempts: number,
  ): Promise<Map<string, Claimed>> {
    const token = newId();
    const jobs = [...unsorted].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
    const pairs = jobs.map(() => '(?, ?)').join(', ');
    const due = DUE.map(() => '?').join(', ');
    await withDeadlockRetry(() =>
      this.dataSource.query(
        `UPDATE webhook_deliveries SET lease_until = ?, lease_token = ?, attempt_count = attempt_count + 1, run_attempts = run_attempts + 1
         WHERE (id, attempt_count) IN (${pairs}) AND status IN (${due}) AND (lease_until IS NULL OR lease_until < ?) AND run_attempts < ?
           AND next_attempt_at IS NOT NULL`,
        [
          this.date(leaseUntil),
          token,
          ...jobs.flatMap((j) => [j.deliveryId, j.attempt - 1]),
          ...DUE,
          this.date(now),
          maxRunAttempts,
        ],
      ),
    );
    const entries = await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .findBy({ id: In(jobs.map((j) => j.deliveryId)), leaseToken: token });
    if (entries.length < jobs.length)
      await this.failExhausted(
        jobs.map((j) => j.deliveryId).filter((id) => !entries.some((e) => e.id === id)),
        now,
        maxRunAttempts,
      );
    const subscriptionIds = [...new Set(entries.map((e) => e.subscriptionId))];
    const subscriptions = subscriptionIds.length
      ? await this.dataSource.getRepository(WebhookSubscriptionEntity).findBy({ id: In(subscriptionIds) })
      : [];
    const byId = new Map(subscriptions.map((s) => [s.id, s]));
    return new Map(entries.map((entry) => [entry.id, { entry, subscription: byId.get(entry.subscriptionId) ?? null }]));
  }

  /**
   * An entry still due whose run used up its attempts can only be one whose last record was
   * lost (a recorded last attempt ends the entry): it ends `failed` instead of waiting forever.
   */
  private async failExhausted(ids: string[], now: Date, maxRunAttempts: number): Promise<void> {
    if (!ids.length) return;
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status: 'failed',
        lastError: UNRECORDED_LAST_ATTEMPT,
        nextAttemptAt: null,
        leaseUntil: null,
        leaseToken: null,
        updatedAt: now,
      })
      .where('id IN (:...ids) AND status IN (:...due) AND run_attempts >= :max', { ids, due: DUE, max: maxRunAttempts })
      .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
      .execute();
  }

  /**
   * Stores a batch of attempts and their entries' new state in one transaction, freeing the
   * leases. When the batch cannot be written, each attempt is written on its own, so one bad
   * row cannot fail the others; an attempt whose details cannot be stored is kept without
   * them. Returns the ids of the entries that could not be recorded at all.
   */
  async recordMany(unsorted: AttemptOutcome[]): Promise<string[]> {
    // Rows in id order: concurrent batches lock in the same order, which keeps deadlocks rare.
    const outcomes = [...unsorted].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
    try {
      await withDeadlockRetry(() => this.recordTransaction(outcomes));
      return [];
    } catch (err) {
      if (outcomes.length === 1 && !isRowError(err)) throw err;
    }
    const lost: string[] = [];
    for (const o of outcomes) {
      try {
        await withDeadlockRetry(() => this.recordTransaction([o]));
      } catch (err) {
        if (!isRowError(err)) throw err;
        await withDeadlockRetry(() => this.recordTransaction([withoutDetails(o, err)])).catch(() =>
          lost.push(o.deliveryId),
        );
      }
    }
    return lost;
  }

  private async recordTransaction(outcomes: AttemptOutcome[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows = outcomes.map((o) => ({ ...o.attempt, id: newId(), deliveryId: o.deliveryId }));
      await m.createQueryBuilder().insert().into(WebhookAttemptEntity).values(rows).updateEntity(false).execute();
      let updated = 0;
      if (this.mysql) updated = await this.updateEntriesJoined(m, outcomes);
      else for (const o of outcomes) updated += await this.updateEntry(m, o);
      // Every entry of the batch was still due: none can have been expunged meanwhile (an
      // expunge cancels a due entry), so the common case costs no further statement.
      if (updated < outcomes.length) await this.dropExpungedBodies(m, rows);
    });
  }

  /**
   * An attempt in flight when its entry's payload was expunged is recorded late: its response
   * body (which may echo the payload) must not be stored again after the erase. The locking
   * UPDATE reads the entry's committed flag, whichever transaction committed first.
   */
  private async dropExpungedBodies(m: EntityManager, rows: { id: string; responseBody: string | null }[]) {
    const ids = rows.filter((r) => r.responseBody !== null).map((r) => r.id);
    if (!ids.length) return;
    const expunged = m
      .createQueryBuilder()
      .subQuery()
      .select('d.id')
      .from(WebhookDeliveryEntity, 'd')
      .where('d.payload_expunged = :expunged', { expunged: true })
      .getQuery();
    await m
      .createQueryBuilder()
      .update(WebhookAttemptEntity)
      .set({ responseBody: null })
      .where('id IN (:...ids)', { ids })
      .andWhere(`delivery_id IN ${expunged}`)
      .execute();
  }

  /**
   * MySQL/MariaDB: every entry of the batch in one UPDATE, joined to the batch's new values.
   * Only the claim that counted the attempt may write it, and never over a final status
   * (an entry canceled while its attempt was in flight stays canceled).
   */
  private async updateEntriesJoined(m: EntityManager, outcomes: AttemptOutcome[]): Promise<number> {
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
    const result = await m.query(
      `UPDATE webhook_deliveries d JOIN (${rows}) v ON d.id = v.id
       SET d.status = v.status, d.last_response_status = v.last_response_status, d.last_error = v.last_error,
           d.next_attempt_at = v.next_attempt_at, d.lease_until = NULL, d.lease_token = NULL,
           d.url = v.url, d.updated_at = ?
       WHERE d.attempt_count = v.attempt_count AND d.status IN (${DUE.map(() => '?').join(', ')})`,
      [...params, new Date(), ...DUE],
    );
    return Number(result?.affectedRows ?? 0);
  }

  private async updateEntry(m: EntityManager, o: AttemptOutcome): Promise<number> {
    const result = await m
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status: o.status,
        lastResponseStatus: o.attempt.responseStatus,
        lastError: o.attempt.error,
        nextAttemptAt: o.nextAttemptAt,
        leaseUntil: null,
        leaseToken: null,
        url: o.url,
        updatedAt: new Date(),
      })
      .where('id = :id AND attempt_count = :attempt AND status IN (:...due)', {
        id: o.deliveryId,
        attempt: o.attempt.attempt,
        due: DUE,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** Gives a claimed attempt back untouched and uncounted (its endpoint had no free slot). */
  async release(entry: WebhookDeliveryEntity): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        attemptCount: () => 'attempt_count - 1',
        runAttempts: () => 'run_attempts - 1',
        leaseUntil: null,
        leaseToken: null,
      })
      .where('id = :id AND lease_token = :token', { id: entry.id, token: entry.leaseToken })
      .execute();
  }

  /** Ends a claimed entry without an attempt (endpoint deleted or deactivated): the claim is not counted. */
  async finish(entry: WebhookDeliveryEntity, status: 'failed' | 'canceled', reason: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status,
        lastError: reason,
        attemptCount: () => 'attempt_count - 1',
        runAttempts: () => 'run_attempts - 1',
        nextAttemptAt: null,
        leaseUntil: null,
        leaseToken: null,
        updatedAt: new Date(),
      })
      .where('id = :id AND lease_token = :token AND status IN (:...due)', {
        id: entry.id,
        token: entry.leaseToken,
        due: DUE,
      })
      .execute();
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
