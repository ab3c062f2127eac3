import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { CallerScope } from '../auth/caller-scope';
import { forDialect, SqlDialect } from './dialect.sql';
import { insertSql, placeholders, rawParam } from './raw-rows';
import { InjectSqlDialect } from './sql-dialect.provider';
import { UrlChange } from './webhook-audit.entity';
import { DELIVERIES_SQL, DeliveriesSql, EntryUpdate, FirstOpen, OPEN_STATUSES_SQL } from './webhook-deliveries.sql';
import { DELIVERY_INDEXES, DELIVERY_STATUSES, OPEN_STATUSES, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { SubjectGroup } from './webhook-subject-sequences.sql';
import { WebhookSubscriptionUsersRepository } from './webhook-subscription-users.repository';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { RecoverFilter } from './webhook-task.entity';

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

/** A new event-log entry as publishing writes it. */
export type NewEntry = Omit<WebhookDeliveryEntity, 'exhaustedAttempt'>;

/** What a new entry says of its event and endpoint; the rest starts as every entry's does. */
export type NewEntryFields = Pick<
  NewEntry,
  'id' | 'eventId' | 'eventType' | 'subscriptionId' | 'url' | 'payload' | 'subjectHash' | 'subjectSealed'
>;

/** A new entry, pending and due at `now`, with no attempt yet. */
export function pendingEntry(fields: NewEntryFields, now: Date): NewEntry {
  return {
    ...fields,
    payloadExpunged: false,
    status: 'pending',
    orderSeq: null,
    eventNumber: null,
    attemptCount: 0,
    runAttempts: 0,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: now,
    leaseUntil: null,
    leaseToken: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** An attempt to claim: the entry and its lifetime attempt number. */
export interface AttemptKey {
  deliveryId: string;
  attempt: number;
}

/** An entry of a subject's order, as the ordering reads it back. */
export type OrderedEntry = Pick<FirstOpen, 'id' | 'attempt_count' | 'url'>;

/** An entry of a subscription's numbered events, as raw SQL reads it. */
export interface NumberedEvent {
  event_type: string;
  event_number: string;
  created_at: Date;
  payload: string;
  payload_expunged: any;
}

/** A subject's rows per bucket and status, as the chart counts them. */
export interface BucketCount {
  b: number | string;
  status: string;
  n: number | string;
}

/** One branch of an event-log page: an equality range of one index, read backwards. */
export interface LogPageBranch {
  subscriptionIds?: string[];
  subjectHash?: string;
}

/**
 * The index that serves a page's branch: an equality prefix, then id, read backwards from the
 * cursor. MariaDB/MySQL would otherwise often walk the primary key for `ORDER BY id DESC LIMIT
 * n`, which reads every row between the cursor and the next match of a rare status.
 */
function pageIndex(b: LogPageBranch, filter: { status?: string; eventType?: string }): string {
  // A subject has a handful of entries: its index beats every other prefix. Limited to given
  // subscriptions, one range per subscription: the caller's cost is that of their own entries.
  const bySubscription = b.subscriptionIds?.[0] !== undefined;
  if (b.subjectHash !== undefined)
    return bySubscription ? DELIVERY_INDEXES.subjectSubscription : DELIVERY_INDEXES.subject;
  if (bySubscription) return filter.status ? DELIVERY_INDEXES.subscriptionStatus : DELIVERY_INDEXES.subscription;
  if (filter.status) return DELIVERY_INDEXES.status;
  if (filter.eventType) return DELIVERY_INDEXES.eventType;
  return 'PRIMARY';
}

/**
 * `webhook_deliveries`, the event log: every statement on it, with its index hints (named from
 * `DELIVERY_INDEXES`) and, where the databases differ, its `DELIVERIES_SQL` form.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  private readonly sql: DeliveriesSql;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly assignments: WebhookSubscriptionUsersRepository,
  ) {
    this.sql = forDialect(dialect, DELIVERIES_SQL);
  }

  /** The most entries one INSERT of `insert` may carry on this database (its parameter limit). */
  get maxRowsPerInsert(): number {
    return Math.floor(this.dialect.maxParameters / ENTRY_PROPERTIES.length);
  }

  /** Writes new entries with one multi-row INSERT through `manager` (a caller's transaction, or none). */
  async insert(manager: EntityManager, rows: NewEntry[]): Promise<void> {
    const params = rows.flatMap((r) => ENTRY_PROPERTIES.map((p) => rawParam(this.dialect, r[p as keyof NewEntry])));
    await manager.query(insertSql('webhook_deliveries', ENTRY_COLUMN_NAMES, rows.length), params);
  }

  /**
   * Leases (with `token`) and counts each attempt that is still due, not leased and has
   * attempts left in its run: one UPDATE. `keys` come sorted by entry id.
   */
  async claim(keys: AttemptKey[], token: string, leaseUntil: Date, now: Date, maxRunAttempts: number): Promise<void> {
    const pairs = keys.map(() => '(?, ?)').join(', ');
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET lease_until = ?, lease_token = ?, attempt_count = attempt_count + 1, run_attempts = run_attempts + 1
       WHERE (id, attempt_count) IN (${pairs}) AND status IN (${OPEN_STATUSES_SQL}) AND (lease_until IS NULL OR lease_until < ?) AND run_attempts < ?
         AND next_attempt_at IS NOT NULL`,
      [
        rawParam(this.dialect, leaseUntil),
        token,
        ...keys.flatMap((k) => [k.deliveryId, k.attempt - 1]),
        rawParam(this.dialect, now),
        maxRunAttempts,
      ],
    );
  }

  /** Of the entries `ids`, those the claim with `token` won, whole. */
  async findClaimed(ids: string[], token: string): Promise<WebhookDeliveryEntity[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${ENTRY_COLUMN_NAMES.join(', ')} FROM webhook_deliveries
       WHERE id IN (${placeholders(ids)}) AND lease_token = ?`,
      [...ids, token],
    );
    return rows.map((r) => this.entryOf(r));
  }

  /** Ends `failed` (with `reason`) each of `ids` still due whose run used up its attempts and is not leased. */
  async failRunOut(ids: string[], reason: string, now: Date, maxRunAttempts: number): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status: 'failed',
        lastError: reason,
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

  /** See `DeliveriesSql.updateEntries`. */
  updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date): Promise<number> {
    return this.sql.updateEntries(m, updates, now);
  }

  /** Gives a leased attempt back untouched and uncounted. */
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

  /** Ends a leased, still open entry without an attempt: the claim is not counted. */
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

  /** Entries due by `dueBefore` and not leased at `now`, a page at a time by id. */
  findDue(
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

  /** Marks the failed entry's exhaustion at `attempt` announced, once per occurrence; false when it already was. */
  async claimExhaustion(deliveryId: string, attempt: number): Promise<boolean> {
    const won = await this.dataSource
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({ exhaustedAttempt: attempt })
      .where(
        'id = :id AND status = :failed AND attempt_count = :n AND (exhausted_attempt IS NULL OR exhausted_attempt < :n)',
        { id: deliveryId, failed: 'failed', n: attempt },
      )
      .execute();
    return Boolean(won.affected);
  }

  /** When the oldest due entry fell due (null when none is due): one MIN per due status, each from `DELIVERY_INDEXES.due`. */
  async oldestDueAt(): Promise<Date | null> {
    const rows: { t: Date | string | null }[] = await this.dataSource.query(
      `SELECT MIN(t) AS t FROM (
         SELECT MIN(next_attempt_at) AS t FROM webhook_deliveries WHERE status = 'pending'
         UNION ALL SELECT MIN(next_attempt_at) AS t FROM webhook_deliveries WHERE status = 'retrying'
       ) due`,
    );
    const oldest = rows[0]?.t;
    return oldest === null || oldest === undefined ? null : this.dialect.readDate(oldest);
  }

  /** See `DeliveriesSql.purgeBatch`. */
  purgeBatch(m: EntityManager, floor: string, size: number): Promise<{ purged: number; more: boolean }> {
    return this.sql.purgeBatch(m, floor, size);
  }

  /**
   * Entries with `id >= lo` per bucket (`offset`, `size` in ms) and status, in one statement:
   * of a few endpoints on `(subscription_id, status, id)`, of every one (`subscriptionIds`
   * undefined) on `(status, id)`; each status an id range, counted from the index alone on MySQL.
   */
  bucketCounts(
    subscriptionIds: string[] | undefined,
    lo: string,
    offset: number,
    size: number,
  ): Promise<BucketCount[]> {
    const statuses = placeholders(DELIVERY_STATUSES);
    const bySubscription = subscriptionIds !== undefined;
    const hint = this.dialect.forceIndex(
      bySubscription ? DELIVERY_INDEXES.subscriptionStatus : DELIVERY_INDEXES.status,
    );
    const where = bySubscription ? `subscription_id IN (${placeholders(subscriptionIds)}) AND ` : '';
    return this.dataSource.query(
      `SELECT ${this.sql.bucket} AS b, status, COUNT(*) AS n
       FROM webhook_deliveries${hint}
       WHERE ${where}status IN (${statuses}) AND id >= ? GROUP BY b, status`,
      [offset, size, ...(subscriptionIds ?? []), ...DELIVERY_STATUSES, lo],
    );
  }

  /** Of `ids`, those with `id >= floor` of an endpoint `scope` sees. */
  async visibleIds(ids: string[], floor: string, scope: CallerScope): Promise<string[]> {
    const qb = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where('d.id IN (:...ids)', { ids })
      .andWhere('d.id >= :floor', { floor });
    this.assignments.restrict(qb, scope, 'd.subscription_id');
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  /**
   * The ids of one event-log page (`id >= lo`, `id < hi`), newest first: each branch its own
   * index range read backwards (`n` rows at most), merged. Which index serves which branch, with
   * EXPLAIN: docs/event-log.md.
   */
  async pageIds(
    branches: LogPageBranch[],
    filter: { status?: string; eventType?: string },
    range: { lo: string; hi?: string },
    n: number,
  ): Promise<string[]> {
    const params: unknown[] = [];
    const branch = (b: LogPageBranch) => {
      const where: string[] = [];
      const add = (sql: string, ...values: unknown[]) => (where.push(sql), params.push(...values));
      if (b.subjectHash !== undefined) add('subject_hash = ?', b.subjectHash);
      if (b.subscriptionIds?.length === 1) add('subscription_id = ?', b.subscriptionIds[0]);
      else if (b.subscriptionIds) add(`subscription_id IN (${placeholders(b.subscriptionIds)})`, ...b.subscriptionIds);
      if (filter.status !== undefined) add('status = ?', filter.status);
      if (filter.eventType !== undefined) add('event_type = ?', filter.eventType);
      add('id >= ?', range.lo);
      if (range.hi !== undefined) add('id < ?', range.hi);
      const hint = this.dialect.forceIndex(pageIndex(b, filter));
      return `SELECT id FROM webhook_deliveries${hint} WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${n}`;
    };
    const sql =
      branches.length === 1
        ? branch(branches[0])
        : `${branches.map((b, i) => `SELECT id FROM (${branch(b)}) b${i}`).join(' UNION ALL ')} ORDER BY id DESC LIMIT ${n}`;
    return (await this.dataSource.query(sql, params)).map((r: { id: string }) => r.id);
  }

  /** The endpoint's entries numbered `since` to `until` (none: no end), in number order, `max` at most. */
  async numberedEvents(
    subscriptionId: string,
    since: bigint,
    until: bigint | null,
    max: number,
  ): Promise<NumberedEvent[]> {
    const rows: (Omit<NumberedEvent, 'created_at'> & { created_at: Date | string })[] = await this.dataSource.query(
      `SELECT event_type, event_number, created_at, payload, payload_expunged FROM webhook_deliveries
         WHERE subscription_id = ? AND event_number >= ?${until === null ? '' : ' AND event_number <= ?'}
         ORDER BY event_number LIMIT ${Number(max)}`,
      [subscriptionId, String(since), ...(until === null ? [] : [String(until)])],
    );
    return rows.map((r) => ({ ...r, created_at: this.dialect.readDate(r.created_at) }));
  }

  /** When the endpoint's newest entry was created (read through `m`: a caller's transaction, or none); null for none. */
  async newestCreatedAt(m: EntityManager, subscriptionId: string): Promise<Date | null> {
    const [last] = await m.query(
      'SELECT created_at FROM webhook_deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1',
      [subscriptionId],
    );
    return last ? this.dialect.readDate(last.created_at) : null;
  }

  /** Entries a recover task matches, per subscription (only those with any). */
  async recoverCounts(filter: RecoverFilter): Promise<Map<string, number>> {
    const rows = await this.recoverMatching(filter)
      .select('d.subscription_id', 's')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.subscription_id')
      .getRawMany<{ s: string; n: string | number }>();
    return new Map(rows.map((r) => [r.s, Number(r.n)]));
  }

  /** Entries a recover task matches, already sent to another URL than their endpoint's current one, per pair of URLs. */
  async recoverUrlChanges(filter: RecoverFilter): Promise<UrlChange[]> {
    const rows = await this.recoverMatching(filter)
      .innerJoin(WebhookSubscriptionEntity, 's', 's.id = d.subscription_id')
      .andWhere('d.attempt_count > 0 AND d.url <> s.url')
      .select('d.url', 'from')
      .addSelect('s.url', 'to')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.url')
      .addGroupBy('s.url')
      .getRawMany<{ from: string; to: string; n: string | number }>();
    return rows.map((r) => ({ from: r.from, to: r.to, count: Number(r.n) }));
  }

  /** The next `limit` ids a recover task matches after `after`, in id order. */
  async recoverBatch(filter: RecoverFilter, after: string | null, limit: number): Promise<string[]> {
    const qb = this.recoverMatching(filter).select('d.id', 'id').orderBy('d.id', 'ASC').limit(limit);
    if (after) qb.andWhere('d.id > :after', { after });
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  private recoverMatching(filter: RecoverFilter): SelectQueryBuilder<WebhookDeliveryEntity> {
    const qb = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id IN (:...subs)', { subs: filter.subscriptionIds })
      .andWhere('d.status = :status', { status: filter.status })
      .andWhere('d.id >= :lo AND d.id < :hi', { lo: filter.lo, hi: filter.hi })
      // An expunged entry has nothing left to send.
      .andWhere('d.payload_expunged = :kept', { kept: false });
    if (filter.eventType) qb.andWhere('d.event_type = :eventType', { eventType: filter.eventType });
    return qb;
  }

  /** Entries of the endpoint with `id >= lo`, by status: one range per status of `DELIVERY_INDEXES.subscriptionStatus`, from the index alone. */
  async statusCounts(subscriptionId: string, lo: string): Promise<Map<string, number>> {
    const statuses = placeholders(DELIVERY_STATUSES);
    const rows: { status: string; n: number | string }[] = await this.dataSource.query(
      `SELECT status, COUNT(*) AS n FROM webhook_deliveries${this.dialect.forceIndex(DELIVERY_INDEXES.subscriptionStatus)}
       WHERE subscription_id = ? AND status IN (${statuses}) AND id >= ? GROUP BY status`,
      [subscriptionId, ...DELIVERY_STATUSES, lo],
    );
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  }

  /**
   * The attempt durations (ms, unsorted) of the endpoint's newest `sample` entries with
   * `id >= lo`, read backwards on `DELIVERY_INDEXES.subscription`, joined to their attempts.
   */
  async attemptDurations(subscriptionId: string, lo: string, sample: number): Promise<number[]> {
    const rows: { d: number | string }[] = await this.dataSource.query(
      `SELECT a.duration_ms AS d FROM (
         SELECT id FROM webhook_deliveries${this.dialect.forceIndex(DELIVERY_INDEXES.subscription)}
         WHERE subscription_id = ? AND id >= ? ORDER BY id DESC LIMIT ${Number(sample)}
       ) e JOIN webhook_attempts a ON a.delivery_id = e.id`,
      [subscriptionId, lo],
    );
    return rows.map((r) => Number(r.d));
  }

  /** When the endpoint's newest succeeded entry with `id >= floor` last changed (one row read). */
  async lastSuccessAt(subscriptionId: string, floor: string): Promise<Date | null> {
    const rows: { at: Date | string }[] = await this.dataSource.query(
      `SELECT updated_at AS at FROM webhook_deliveries${this.dialect.forceIndex(DELIVERY_INDEXES.subscriptionStatus)}
       WHERE subscription_id = ? AND status = 'succeeded' AND id >= ? ORDER BY id DESC LIMIT 1`,
      [subscriptionId, floor],
    );
    return rows.length ? this.dialect.readDate(rows[0].at) : null;
  }

  /**
   * Subjects whose first open entry waits, with no open entry before it, since before
   * `before` (a release lost to a crash).
   */
  async stuckSubjects(before: Date, limit: number): Promise<SubjectGroup[]> {
    const stuck: { subscription_id: string; subject_hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT h.subscription_id, h.subject_hash FROM webhook_deliveries h
       WHERE h.status = 'pending' AND h.next_attempt_at IS NULL AND h.order_seq IS NOT NULL AND h.updated_at < ?
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
           WHERE p.subscription_id = h.subscription_id AND p.subject_hash = h.subject_hash
             AND p.order_seq < h.order_seq AND p.status IN (${OPEN_STATUSES_SQL}))
       LIMIT ${Number(limit)}`,
      [this.dialect.date(before)],
    );
    return stuck.map((s) => ({ subscriptionId: s.subscription_id, subjectHash: s.subject_hash }));
  }

  /** The groups of the given entries that are open and in an order. */
  async openGroupsOf(ids: string[]): Promise<SubjectGroup[]> {
    const rows: { subscription_id: string; subject_hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT subscription_id, subject_hash FROM webhook_deliveries
       WHERE id IN (${placeholders(ids)}) AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})`,
      ids,
    );
    return rows.map((r) => ({ subscriptionId: r.subscription_id, subjectHash: r.subject_hash }));
  }

  /** The subscription's entries waiting for their turn in a subject's order. */
  waitingInOrder(subscriptionId: string): Promise<OrderedEntry[]> {
    return this.dataSource.query(
      `SELECT id, attempt_count, url FROM webhook_deliveries
       WHERE subscription_id = ? AND order_seq IS NOT NULL AND status = 'pending' AND next_attempt_at IS NULL`,
      [subscriptionId],
    );
  }

  /** The subscription's open entries leave their order; those waiting are due at `now`. */
  async leaveOrder(subscriptionId: string, now: Date): Promise<void> {
    const at = this.dialect.date(now);
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET order_seq = NULL, next_attempt_at = COALESCE(next_attempt_at, ?), updated_at = ?
       WHERE subscription_id = ? AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})`,
      [at, at, subscriptionId],
    );
  }

  /** See `DeliveriesSql.firstOpen`. */
  firstOpen(m: EntityManager, groups: SubjectGroup[]): Promise<FirstOpen[]> {
    return this.sql.firstOpen(m, groups);
  }

  /** Inside `m`'s transaction: the waiting entries `ids` are due at `now`. */
  async releaseWaiting(m: EntityManager, ids: string[], now: Date): Promise<void> {
    const at = this.dialect.date(now);
    await m.query(
      `UPDATE webhook_deliveries SET next_attempt_at = ?, updated_at = ?
       WHERE id IN (${placeholders(ids)}) AND status = 'pending' AND next_attempt_at IS NULL`,
      [at, at, ...ids],
    );
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
}
