import { DataSource, EntityManager } from 'typeorm';
import { isMysql, rawDate } from '../persistence/columns';

/** An entry's state after its attempt, as the store writes it. */
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

/**
 * The delivery store's SQL where MySQL/MariaDB and SQLite differ, chosen once per store. The
 * statements both take alike stay in the store; this holds only what each writes its own way.
 */
export interface DeliverySql {
  /** A raw-query parameter: dates as the driver stores them, booleans as 0/1, undefined as NULL. */
  param(value: unknown): unknown;
  /** A datetime column as a raw query returns it. */
  readDate(value: unknown): Date | null;
  /**
   * Writes each entry's new state and frees its lease, never over a final status, inside
   * `m`'s transaction; resolves with the number of entries written.
   */
  updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date, due: readonly string[]): Promise<number>;
}

const placeholders = (n: number) => Array(n).fill('?').join(', ');

/** Rows changed by a statement run through `m`'s query runner (both drivers report it). */
async function affected(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await m.queryRunner!.query(sql, params, true);
  return Number(result.affected ?? 0);
}

/** MySQL/MariaDB: mysql2 formats Dates itself and returns DATETIME columns as Dates. */
class MysqlDeliverySql implements DeliverySql {
  param(value: unknown): unknown {
    return value === undefined ? null : typeof value === 'boolean' ? Number(value) : value;
  }

  readDate(value: unknown): Date | null {
    return value == null ? null : (value as Date);
  }

  /** Every entry of the batch in one UPDATE, joined to the batch's new values. */
  async updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date, due: readonly string[]): Promise<number> {
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
      u.nextAttemptAt,
      u.url,
    ]);
    return affected(
      m,
      `UPDATE webhook_deliveries d JOIN (${rows}) v ON d.id = v.id
       SET d.status = v.status, d.last_response_status = v.last_response_status, d.last_error = v.last_error,
           d.next_attempt_at = v.next_attempt_at, d.lease_until = NULL, d.lease_token = NULL,
           d.url = v.url, d.updated_at = ?
       WHERE d.attempt_count = v.attempt_count AND d.status IN (${placeholders(due.length)})`,
      [...params, now, ...due],
    );
  }
}

/** SQLite (the example app): datetimes are UTC text, as TypeORM stores them; one UPDATE per entry. */
class SqliteDeliverySql implements DeliverySql {
  param(value: unknown): unknown {
    if (value instanceof Date) return rawDate(false, value);
    return value === undefined ? null : typeof value === 'boolean' ? Number(value) : value;
  }

  readDate(value: unknown): Date | null {
    if (value == null) return null;
    const text = String(value).replace(/^(\d{4}-\d\d-\d\d) /, '$1T');
    return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`);
  }

  async updateEntries(m: EntityManager, updates: EntryUpdate[], now: Date, due: readonly string[]): Promise<number> {
    let updated = 0;
    for (const u of updates) {
      updated += await affected(
        m,
        `UPDATE webhook_deliveries SET status = ?, last_response_status = ?, last_error = ?, next_attempt_at = ?,
           lease_until = NULL, lease_token = NULL, url = ?, updated_at = ?
         WHERE id = ? AND attempt_count = ? AND status IN (${placeholders(due.length)})`,
        [
          u.status,
          u.responseStatus,
          u.error,
          this.param(u.nextAttemptAt),
          u.url,
          this.param(now),
          u.deliveryId,
          u.attempt,
          ...due,
        ],
      );
    }
    return updated;
  }
}

/** The dialect of `dataSource`'s driver. */
export function deliverySqlFor(dataSource: DataSource): DeliverySql {
  return isMysql(dataSource) ? new MysqlDeliverySql() : new SqliteDeliverySql();
}
