import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MicroBatcher } from '../common/micro-batcher';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { forDialect, SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { OPEN_STATUSES_SQL } from '../persistence/webhook-deliveries.sql';
import { DeliveryQueueService, DueAttempt } from './delivery-queue.service';
import { FirstOpen, matching, SUBJECT_ORDER_SQL, SubjectGroup, SubjectOrderSql } from './subject-order.sql';

export type { SubjectGroup } from './subject-order.sql';

/** An entry row being published, as `number` fills it in. */
export interface OrderedRow extends SubjectGroup {
  orderSeq: string | null;
  nextAttemptAt: Date | null;
}

const BATCH_SIZE = 100;

const keyOf = (g: SubjectGroup): string => `${g.subscriptionId}\u0000${g.subjectHash}`;

/** Each group once, in key order: every transaction locks counters in that order, so none deadlock. */
function distinctSorted(groups: SubjectGroup[]): SubjectGroup[] {
  const byKey = new Map(
    groups.map((g) => [keyOf(g), { subscriptionId: g.subscriptionId, subjectHash: g.subjectHash }]),
  );
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * Ordering per subject. An ordered entry is written waiting (`pending`, `nextAttemptAt` null,
 * no job) with the next number of its subject's counter, taken under the counter row's lock,
 * which the publish holds until it commits: numbers follow commit order. `release` lets the
 * first open entry of a subject go when it waits; it runs after a publish commits and after an
 * entry of the subject becomes final, under the same lock, so a release never misses an entry
 * being published and never lets two go. The requeue sweep releases what a crash left waiting.
 */
@Injectable()
export class SubjectOrderService {
  private readonly logger = new Logger('WebhooksOrdering');
  private readonly sql: SubjectOrderSql;
  private readonly releases = new MicroBatcher<SubjectGroup, void>((groups) => this.releaseBatch(groups), BATCH_SIZE);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly queue: DeliveryQueueService,
  ) {
    this.sql = forDialect(dialect, SUBJECT_ORDER_SQL);
  }

  /** Inside the publish transaction: numbers the rows and sets them waiting. */
  async number(m: EntityManager, rows: OrderedRow[]): Promise<void> {
    const groups = distinctSorted(rows);
    const now = new Date();
    // Never below the clock (in microseconds): a counter purged or made anew still counts upwards.
    await this.sql.bumpCounters(m, groups, now.getTime() * 1000, now);
    const [where, keys] = matching(groups);
    const counters: { subscription_id: string; subject_hash: string; last_seq: number | string }[] = await m.query(
      `SELECT subscription_id, subject_hash, last_seq FROM webhook_subject_sequences WHERE ${where}`,
      keys,
    );
    const seqs = new Map(
      counters.map((c) => [keyOf({ subscriptionId: c.subscription_id, subjectHash: c.subject_hash }), c.last_seq]),
    );
    for (const row of rows) {
      row.orderSeq = String(seqs.get(keyOf(row)));
      row.nextAttemptAt = null;
    }
  }

  /** Lets the first open entry of each group go, if it waits. Never throws: the sweep is the safety net. */
  async release(groups: SubjectGroup[]): Promise<void> {
    await Promise.all(distinctSorted(groups).map((g) => this.releases.add(g))).catch((err) =>
      this.logger.warn(`could not release ${groups.length} subject(s); the requeue sweep will: ${err?.message ?? err}`),
    );
  }

  /**
   * Sweep: subjects whose first open entry waits, with no open entry before it, since before
   * `before` (a release lost to a crash). Releases them and returns how many.
   */
  async releaseStuck(before: Date, limit = 1000): Promise<number> {
    const stuck: { subscription_id: string; subject_hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT h.subscription_id, h.subject_hash FROM webhook_deliveries h
       WHERE h.status = 'pending' AND h.next_attempt_at IS NULL AND h.order_seq IS NOT NULL AND h.updated_at < ?
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
           WHERE p.subscription_id = h.subscription_id AND p.subject_hash = h.subject_hash
             AND p.order_seq < h.order_seq AND p.status IN (${OPEN_STATUSES_SQL}))
       LIMIT ${Number(limit)}`,
      [this.dialect.date(before)],
    );
    await this.release(stuck.map((s) => ({ subscriptionId: s.subscription_id, subjectHash: s.subject_hash })));
    return stuck.length;
  }

  /** The groups of the given entries that are open and in an order (before a resend takes them out). */
  async openGroupsOf(ids: string[]): Promise<SubjectGroup[]> {
    if (!ids.length) return [];
    const rows: { subscription_id: string; subject_hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT subscription_id, subject_hash FROM webhook_deliveries
       WHERE id IN (${ids.map(() => '?').join(', ')}) AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})`,
      ids,
    );
    return rows.map((r) => ({ subscriptionId: r.subscription_id, subjectHash: r.subject_hash }));
  }

  /** Ordering switched off: the subscription's open entries leave their order, and those waiting go now. */
  async dissolve(subscriptionId: string): Promise<void> {
    const waiting: { id: string; attempt_count: number | string; url: string }[] = await this.dataSource.query(
      `SELECT id, attempt_count, url FROM webhook_deliveries
       WHERE subscription_id = ? AND order_seq IS NOT NULL AND status = 'pending' AND next_attempt_at IS NULL`,
      [subscriptionId],
    );
    const now = this.dialect.date(new Date());
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET order_seq = NULL, next_attempt_at = COALESCE(next_attempt_at, ?), updated_at = ?
       WHERE subscription_id = ? AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})`,
      [now, now, subscriptionId],
    );
    await this.enqueue(waiting);
  }

  private async releaseBatch(items: SubjectGroup[]): Promise<void[]> {
    const groups = distinctSorted(items);
    const released = await withDeadlockRetry(this.dialect, () =>
      this.dataSource.transaction((m) => this.releaseIn(m, groups)),
    );
    await this.enqueue(released);
    return items.map(() => undefined);
  }

  private async releaseIn(m: EntityManager, groups: SubjectGroup[]): Promise<FirstOpen[]> {
    // The counters' locks: a publish of these subjects, or another release of them, waits for
    // this commit. Taken first, so what is read next is what was committed before.
    await this.sql.lockCounters(m, groups);
    const firsts = await this.sql.firstOpen(m, groups);
    const waiting = firsts.filter((f) => f.status === 'pending' && f.next_attempt_at === null);
    if (!waiting.length) return [];
    const now = this.dialect.date(new Date());
    await m.query(
      `UPDATE webhook_deliveries SET next_attempt_at = ?, updated_at = ?
       WHERE id IN (${waiting.map(() => '?').join(', ')}) AND status = 'pending' AND next_attempt_at IS NULL`,
      [now, now, ...waiting.map((w) => w.id)],
    );
    return waiting;
  }

  private async enqueue(entries: Pick<FirstOpen, 'id' | 'attempt_count' | 'url'>[]): Promise<void> {
    const attempts: DueAttempt[] = entries.map((e) => ({
      deliveryId: e.id,
      attempt: Number(e.attempt_count) + 1,
      url: e.url,
    }));
    await this.queue
      .enqueue(attempts)
      .catch((err) =>
        this.logger.warn(
          `could not queue ${attempts.length} released entries; the requeue sweep will: ${err?.message ?? err}`,
        ),
      );
  }
}
