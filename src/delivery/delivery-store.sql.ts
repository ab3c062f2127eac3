import { EntityManager } from 'typeorm';
import { mysqlDialect, SqlDialectName, sqliteDialect } from '../persistence/dialect.sql';
import { OPEN_STATUSES_SQL } from '../persistence/webhook-deliveries.sql';

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

/** The delivery store's statements that differ between the databases. */
export interface DeliveryStoreSql {
  /**
   * Writes each entry's new state and frees its lease, only where the entry is still open and
   * its attempt count is the attempt recorded (an entry canceled while its attempt was in
   * flight stays canceled), inside `m`'s transaction. Resolves with the entries written.
   */
  updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date): Promise<number>;
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

/** Every entry of the batch in one UPDATE, joined to the batch's new values. */
const mysql: DeliveryStoreSql = {
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
};

/** SQLite's UPDATE takes no join: one statement per entry, in the same transaction. */
const sqlite: DeliveryStoreSql = {
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
};

export const DELIVERY_STORE_SQL: Record<SqlDialectName, DeliveryStoreSql> = { mysql, sqlite };
