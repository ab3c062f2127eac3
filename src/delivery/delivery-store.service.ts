import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { isSealed } from '../lab-data/payload-sealer';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { WebhookAttemptsRepository } from '../persistence/webhook-attempts.repository';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
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
  /** The entry's `last_error`, when it differs from the attempt's (whose receiver text is sealed). */
  entryError?: string | null;
}

/** A claimed attempt: the entry, and its subscription (null when it was deleted). */
export interface Claimed {
  entry: WebhookDeliveryEntity;
  subscription: WebhookSubscriptionEntity | null;
}

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
  const said = o.entryError !== undefined ? o.entryError : o.attempt.error;
  const error = `${said ? `${said}; ` : ''}attempt details not stored (${code})`.slice(0, 512);
  return { ...o, attempt: { ...o.attempt, requestHeaders: {}, responseHeaders: null, responseBody: null, error } };
}

/**
 * The database side of delivery, batch by batch. An attempt is claimed with a conditional
 * UPDATE that sets a lease, so among any number of workers and duplicate jobs exactly one
 * sends it; a worker that dies leaves a lease that expires, and the attempt is handed out again.
 */
@Injectable()
export class DeliveryStoreService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly attempts: WebhookAttemptsRepository,
  ) {}

  /** Bytes of response bodies stored, as stored (sealed), for an entry's attempts so far. */
  storedResponseBytes(deliveryId: string): Promise<number> {
    return this.attempts.storedResponseBytes(deliveryId);
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
    await withDeadlockRetry(this.dialect, () => this.deliveries.claim(jobs, token, leaseUntil, now, maxRunAttempts));
    const entries = await this.deliveries.findClaimed(
      jobs.map((j) => j.deliveryId),
      token,
    );
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
    await this.deliveries.failRunOut(ids, UNRECORDED_LAST_ATTEMPT, now, maxRunAttempts);
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
      await withDeadlockRetry(this.dialect, () => this.recordTransaction(outcomes));
      return [];
    } catch (err) {
      if (outcomes.length === 1 && !isRowError(err)) throw err;
    }
    const lost: string[] = [];
    for (const o of outcomes) {
      try {
        await withDeadlockRetry(this.dialect, () => this.recordTransaction([o]));
      } catch (err) {
        if (!isRowError(err)) throw err;
        await withDeadlockRetry(this.dialect, () => this.recordTransaction([withoutDetails(o, err)])).catch(() =>
          lost.push(o.deliveryId),
        );
      }
    }
    return lost;
  }

  private async recordTransaction(outcomes: AttemptOutcome[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const rows = outcomes.map((o) => ({ ...o.attempt, id: newId(), deliveryId: o.deliveryId }));
      await this.attempts.insert(m, rows);
      const updated = await this.deliveries.updateEntries(
        m,
        outcomes.map((o) => ({
          deliveryId: o.deliveryId,
          status: o.status,
          attempt: o.attempt.attempt,
          responseStatus: o.attempt.responseStatus,
          error: o.entryError !== undefined ? o.entryError : o.attempt.error,
          nextAttemptAt: o.nextAttemptAt,
          url: o.url,
        })),
        new Date(),
      );
      // Every entry of the batch was still due: none can have been expunged meanwhile (an
      // expunge cancels a due entry), so the common case costs no further statement.
      if (updated < outcomes.length) await this.dropExpungedBodies(m, rows, outcomes);
    });
  }

  /**
   * An attempt in flight when its entry's payload was expunged is recorded late: its response
   * body (which may echo the payload) must not be stored again after the erase. The locking
   * UPDATE reads the entry's committed flag, whichever transaction committed first.
   */
  private async dropExpungedBodies(m: EntityManager, rows: WebhookAttemptEntity[], outcomes: AttemptOutcome[]) {
    // Receiver text sealed in an error goes the same way: the attempt keeps the words-free form.
    const sealedErrors = rows.filter((r) => r.error !== null && isSealed(r.error));
    for (const r of sealedErrors) {
      const plain = outcomes.find((o) => o.deliveryId === r.deliveryId)?.entryError ?? null;
      await this.attempts.replaceErrorIfExpunged(m, r.id, plain);
    }
    const ids = rows.filter((r) => r.responseBody !== null).map((r) => r.id);
    if (ids.length) await this.attempts.dropBodiesIfExpunged(m, ids);
  }

  /** Gives a claimed attempt back untouched and uncounted (its endpoint had no free slot). */
  release(entry: WebhookDeliveryEntity): Promise<void> {
    return this.deliveries.release(entry);
  }

  /** Ends a claimed entry without an attempt (endpoint deleted or deactivated): the claim is not counted. */
  finish(entry: WebhookDeliveryEntity, status: 'failed' | 'canceled', reason: string): Promise<void> {
    return this.deliveries.finish(entry, status, reason);
  }
}
