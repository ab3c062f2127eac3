import { EntityManager, In, LessThan } from 'typeorm';
import { mysqlDialect, SqlDialectName, sqliteDialect } from './dialect.sql';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { OPEN_STATUSES, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { SubjectGroup } from './webhook-subject-sequences.sql';

/** `OPEN_STATUSES` as an SQL list, for raw statements: `status IN (${OPEN_STATUSES_SQL})`. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** An entry's state after its attempt, as the delivery store records it. */
export interface EntryUpdate {
  deliveryId: string;
  status: string;
  /** The lifetime attempt recorded: only the claim that counted it may write the entry. */
  attempt: number;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  url: string;
}

/** The first open entry of a subject, as a release reads it. */
export interface FirstOpen {
  id: string;
  status: string;
  next_attempt_at: Date | string | null;
  attempt_count: number | string;
  url: string;
}

/** The statements on `webhook_deliveries` (the event log) that differ between the databases. */
export interface DeliveriesSql {
  /**
   * Writes each entry's new state and frees its lease, only where the entry is still open and
   * its attempt count is the attempt recorded (an entry canceled while its attempt was in
   * flight stays canceled), inside `m`'s transaction. Resolves with the entries written.
   */
  updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date): Promise<number>;
  /** The open entry with the lowest number, per group that has one. */
  firstOpen(m: EntityManager, groups: SubjectGroup[]): Promise<FirstOpen[]>;
  /**
   * Deletes up to `size` entries with an id below `floor`, with their attempts. Returns the
   * entries deleted and whether a next batch may find more.
   */
  purgeBatch(m: EntityManager, floor: string, size: number): Promise<{ purged: number; more: boolean }>;
  /**
   * The bucket of an entry, `FLOOR((created ms + offset ms) / bucket ms)`. Two `?` parameters:
   * the offset, then the bucket length, both in milliseconds.
   */
  readonly bucket: string;
}

/**
 * Rows changed by a statement (both drivers report it through a query runner's structured
 * result): on `m`'s own runner inside a transaction, else on a runner of its own, released after.
 */
async function affected(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return Number(result.affected ?? 0);
  } finally {
    if (runner !== m.queryRunner) await runner.release();
  }
}

const FIRST_OPEN = `SELECT id, status, next_attempt_at, attempt_count, url FROM webhook_deliveries
  WHERE subscription_id = ? AND subject_hash = ? AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})
  ORDER BY order_seq LIMIT 1`;

const mysql: DeliveriesSql = {
  /** Every entry of the batch in one UPDATE, joined to the batch's new values. */
  updateEntries(m, updates, now) {
    const rows = updates
      .map((_, i) =>
        i === 0
          ? 'SELECT ? AS id, ? AS status, ? AS attempt_count, ? AS last_response_status, ? AS last_error, ? AS next_attempt_at, ? AS url'
          : 'SELECT ?, ?, ?, ?, ?, ?, ?',
      )
      .join(' UNION ALL ');
    const params = updates.flatMap((u) => [
      u.deliveryId,
      u.status,
      u.attempt,
      u.responseStatus,
      u.error,
      u.nextAttemptAt && mysqlDialect.date(u.nextAttemptAt),
      u.url,
    ]);
    return affected(
      m,
      `UPDATE webhook_deliveries d JOIN (${rows}) v ON d.id = v.id
       SET d.status = v.status, d.last_response_status = v.last_response_status, d.last_error = v.last_error,
           d.next_attempt_at = v.next_attempt_at, d.lease_until = NULL, d.lease_token = NULL,
           d.url = v.url, d.updated_at = ?
       WHERE d.attempt_count = v.attempt_count AND d.status IN (${OPEN_STATUSES_SQL})`,
      [...params, mysqlDialect.date(now)],
    );
  },
  /** One UNION of index lookups. */
  firstOpen(m, groups) {
    return m.query(
      groups.map(() => `(${FIRST_OPEN})`).join(' UNION ALL '),
      groups.flatMap((g) => [g.subscriptionId, g.subjectHash]),
    );
  },
  /**
   * Ids are time-ordered, so "past retention" is an id range: two range DELETEs with LIMIT,
   * attempts first (by their entry id, orphans included), with no id read back.
   */
  async purgeBatch(m, floor, size) {
    const attempts = await m.query('DELETE FROM webhook_attempts WHERE delivery_id < ? LIMIT ?', [floor, size * 4]);
    const entries = await m.query('DELETE FROM webhook_deliveries WHERE id < ? ORDER BY id LIMIT ?', [floor, size]);
    return { purged: entries.affectedRows, more: attempts.affectedRows >= size * 4 || entries.affectedRows >= size };
  },
  // The creation time read from the id (a UUIDv7 starts with it, 48 bits of hex), so the count
  // is answered from an index that ends in `id` without reading a row.
  bucket: 'FLOOR((CONV(CONCAT(LEFT(id, 8), SUBSTR(id, 10, 4)), 16, 10) + ?) / ?)',
};

const sqlite: DeliveriesSql = {
  /** SQLite's UPDATE takes no join: one statement per entry, in the same transaction. */
  async updateEntries(m, updates, now) {
    let updated = 0;
    for (const u of updates) {
      updated += await affected(
        m,
        `UPDATE webhook_deliveries SET status = ?, last_response_status = ?, last_error = ?, next_attempt_at = ?,
           lease_until = NULL, lease_token = NULL, url = ?, updated_at = ?
         WHERE id = ? AND attempt_count = ? AND status IN (${OPEN_STATUSES_SQL})`,
        [
          u.status,
          u.responseStatus,
          u.error,
          u.nextAttemptAt && sqliteDialect.date(u.nextAttemptAt),
          u.url,
          sqliteDialect.date(now),
          u.deliveryId,
          u.attempt,
        ],
      );
    }
    return updated;
  },
  /** A UNION branch cannot have an `ORDER BY ... LIMIT` of its own: each group is its own lookup. */
  async firstOpen(m, groups) {
    const rows: FirstOpen[] = [];
    for (const g of groups) rows.push(...(await m.query(FIRST_OPEN, [g.subscriptionId, g.subjectHash])));
    return rows;
  },
  /** SQLite's DELETE takes no LIMIT (unless compiled so): select a batch of ids, delete by primary key. */
  async purgeBatch(m, floor, size) {
    const batch = (
      await m.find(WebhookDeliveryEntity, {
        select: { id: true },
        where: { id: LessThan(floor) },
        order: { id: 'ASC' },
        take: size,
      })
    ).map((d) => d.id);
    if (!batch.length) return { purged: 0, more: false };
    const attemptIds = (
      await m.find(WebhookAttemptEntity, { select: { id: true }, where: { deliveryId: In(batch) } })
    ).map((a) => a.id);
    for (let i = 0; i < attemptIds.length; i += size) {
      await m.delete(WebhookAttemptEntity, { id: In(attemptIds.slice(i, i + size)) });
    }
    await m.delete(WebhookDeliveryEntity, { id: In(batch) });
    return { purged: batch.length, more: batch.length >= size };
  },
  // No hex-to-number function: reads `created_at`. Parameters arrive as REAL: the cast keeps
  // the division whole.
  bucket: "CAST((CAST(strftime('%s', created_at) AS INTEGER) * 1000 + ?) / ? AS INTEGER)",
};

export const DELIVERIES_SQL: Record<SqlDialectName, DeliveriesSql> = { mysql, sqlite };
