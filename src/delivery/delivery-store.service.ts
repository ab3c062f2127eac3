import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { isSealed } from '../lab-data/payload-sealer';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { forDialect, SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { OPEN_STATUSES_SQL } from '../persistence/webhook-deliveries.sql';
import { DeliveryStatus, OPEN_STATUSES, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { DeliveryJob } from './delivery-job';
import { DELIVERY_STORE_SQL, DeliveryStoreSql } from './delivery-store.sql';

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

/**
 * webhook_deliveries' columns by property, for the raw SQL of the hot path (publish, claim):
 * TypeORM's query building cost more CPU than the statements themselves.
 */
const ENTRY_COLUMNS: Record<keyof WebhookDeliveryEntity, string> = {
  id: 'id',
  eventId: 'event_id',
  eventType: 'event_type',
  subscriptionId: 'subscription_id',
  url: 'url',
  payload: 'payload',
  payloadExpunged: 'payload_expunged',
  subjectHash: 'subject_hash',
  subjectSealed: 'subject_sealed',
  status: 'status',
  orderSeq: 'order_seq',
  eventNumber: 'event_number',
  attemptCount: 'attempt_count',
  runAttempts: 'run_attempts',
  lastResponseStatus: 'last_response_status',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  leaseUntil: 'lease_until',
  leaseToken: 'lease_token',
  exhaustedAttempt: 'exhausted_attempt',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const ENTRY_PROPERTIES = Object.keys(ENTRY_COLUMNS) as (keyof WebhookDeliveryEntity)[];
const ENTRY_COLUMN_NAMES = ENTRY_PROPERTIES.map((p) => ENTRY_COLUMNS[p]);

/** webhook_attempts' columns by property (the record of outcomes); `trigger` is a reserved word in MySQL. */
const ATTEMPT_COLUMNS: Record<keyof WebhookAttemptEntity, string> = {
  id: 'id',
  deliveryId: 'delivery_id',
  attempt: 'attempt',
  trigger: '`trigger`',
  url: 'url',
  startedAt: 'started_at',
  durationMs: 'duration_ms',
  requestHeaders: 'request_headers',
  responseStatus: 'response_status',
  responseHeaders: 'response_headers',
  responseBody: 'response_body',
  error: 'error',
  nextDelayMs: 'next_delay_ms',
  delayReason: 'delay_reason',
};
const ATTEMPT_PROPERTIES = Object.keys(ATTEMPT_COLUMNS) as (keyof WebhookAttemptEntity)[];
const ATTEMPT_COLUMN_NAMES = ATTEMPT_PROPERTIES.map((p) => ATTEMPT_COLUMNS[p]);

/** A multi-row INSERT of `rows` rows into `columns` (MySQL and SQLite take the same text). */
function insertSql(table: string, columns: string[], rows: number): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

/** A new event-log entry as publishing writes it. */
export type NewEntry = Omit<WebhookDeliveryEntity, 'exhaustedAttempt'>;

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
  private readonly sql: DeliveryStoreSql;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {
    this.sql = forDialect(dialect, DELIVERY_STORE_SQL);
  }

  /** Bytes of response bodies stored, as stored (sealed), for an entry's attempts so far. */
  async storedResponseBytes(deliveryId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      'SELECT COALESCE(SUM(LENGTH(response_body)), 0) AS n FROM webhook_attempts WHERE delivery_id = ?',
      [deliveryId],
    );
    return Number(row?.n ?? 0);
  }

  /** The most entries one INSERT of `insertEntries` may carry on this database (its parameter limit). */
  get maxRowsPerInsert(): number {
    return Math.floor(this.dialect.maxParameters / ENTRY_PROPERTIES.length);
  }

  /** Writes new entries with one multi-row INSERT through `manager` (a caller's transaction, or none). */
  async insertEntries(manager: EntityManager, rows: NewEntry[]): Promise<void> {
    const params = rows.flatMap((r) => ENTRY_PROPERTIES.map((p) => this.param(r[p as keyof NewEntry])));
    await manager.query(insertSql('webhook_deliveries', ENTRY_COLUMN_NAMES, rows.length), params);
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
    await withDeadlockRetry(this.dialect, () =>
      this.dataSource.query(
        `UPDATE webhook_deliveries SET lease_until = ?, lease_token = ?, attempt_count = attempt_count + 1, run_attempts = run_attempts + 1
         WHERE (id, attempt_count) IN (${pairs}) AND status IN (${OPEN_STATUSES_SQL}) AND (lease_until IS NULL OR lease_until < ?) AND run_attempts < ?
           AND next_attempt_at IS NOT NULL`,
        [
          this.param(leaseUntil),
          token,
          ...jobs.flatMap((j) => [j.deliveryId, j.attempt - 1]),
          this.param(now),
          maxRunAttempts,
        ],
      ),
    );
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMN_NAMES.join(', ')} FROM webhook_deliveries
       WHERE id IN (${jobs.map(() => '?').join(', ')}) AND lease_token = ?`,
      [...jobs.map((j) => j.deliveryId), token],
    );
    const entries = rows.map((r) => this.entryOf(r));
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
      .where('id IN (:...ids) AND status IN (:...due) AND run_attempts >= :max', {
        ids,
        due: OPEN_STATUSES,
        max: maxRunAttempts,
      })
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
      await m.query(
        insertSql('webhook_attempts', ATTEMPT_COLUMN_NAMES, rows.length),
        rows.flatMap((r) => ATTEMPT_PROPERTIES.map((p) => this.attemptParam(r, p))),
      );
      const updated = await this.sql.updateEntries(
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

  /** An attempt's column value as a raw-query parameter (headers are JSON text, see jsonText). */
  private attemptParam(row: WebhookAttemptEntity, property: keyof WebhookAttemptEntity): unknown {
    const value = row[property];
    if (property === 'requestHeaders' || property === 'responseHeaders')
      return value == null ? null : JSON.stringify(value);
    return this.param(value);
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
      await m
        .createQueryBuilder()
        .update(WebhookAttemptEntity)
        .set({ error: plain })
        .where('id = :id', { id: r.id })
        .andWhere(`delivery_id IN (SELECT d.id FROM webhook_deliveries d WHERE d.payload_expunged = :x)`, { x: true })
        .execute();
    }
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

  /** A raw-query parameter: dates as the database stores them, booleans as 0/1, undefined as NULL. */
  private param(value: unknown): unknown {
    if (value instanceof Date) return this.dialect.date(value);
    return value === undefined ? null : typeof value === 'boolean' ? Number(value) : value;
  }

  private readDate(value: unknown): Date | null {
    return value == null ? null : this.dialect.readDate(value as Date | string);
  }

  /** An entry read by raw SQL, typed as TypeORM would hydrate it. */
  private entryOf(r: Record<string, unknown>): WebhookDeliveryEntity {
    const e = {} as Record<keyof WebhookDeliveryEntity, unknown>;
    for (const p of ENTRY_PROPERTIES) e[p] = r[ENTRY_COLUMNS[p]];
    e.payloadExpunged = Boolean(e.payloadExpunged);
    e.orderSeq = e.orderSeq == null ? null : String(e.orderSeq);
    e.nextAttemptAt = this.readDate(e.nextAttemptAt);
    e.leaseUntil = this.readDate(e.leaseUntil);
    e.createdAt = this.readDate(e.createdAt);
    e.updatedAt = this.readDate(e.updatedAt);
    return e as WebhookDeliveryEntity;
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
        due: OPEN_STATUSES,
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
      .where('d.status IN (:...due)', { due: OPEN_STATUSES })
      .andWhere('d.next_attempt_at <= :dueBefore', { dueBefore })
      .andWhere('(d.lease_until IS NULL OR d.lease_until < :now)', { now })
      .andWhere('d.id > :afterId', { afterId })
      .orderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
  }
}
