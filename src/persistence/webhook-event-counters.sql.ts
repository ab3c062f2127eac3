import { EntityManager } from 'typeorm';
import { mysqlDialect, SqlDialectName, sqliteDialect } from './dialect.sql';

/** The statements on `webhook_event_counters` (event numbers) that differ between the databases. */
export interface EventCountersSql {
  /**
   * Adds one to each subscription's counter, creating it at 1; the rows stay locked until the
   * transaction ends. `ids` come sorted, so two publishes lock shared counters in one order.
   */
  bump(m: EntityManager, ids: string[], now: Date): Promise<void>;
  /** Locks the subscription's counter until the transaction ends, creating it at 0; numbers nothing. */
  lock(m: EntityManager, id: string, now: Date): Promise<void>;
}

const insertCounters = (ids: string[]) =>
  `INSERT INTO webhook_event_counters (subscription_id, last_number, updated_at)
   VALUES ${ids.map(() => '(?, 1, ?)').join(', ')}`;

const mysql: EventCountersSql = {
  async bump(m, ids, now) {
    const at = mysqlDialect.date(now);
    await m.query(
      `${insertCounters(ids)}
       ON DUPLICATE KEY UPDATE last_number = last_number + 1, updated_at = VALUES(updated_at)`,
      ids.flatMap((id) => [id, at]),
    );
  },
  async lock(m, id, now) {
    await m.query(
      `INSERT INTO webhook_event_counters (subscription_id, last_number, updated_at) VALUES (?, 0, ?)
       ON DUPLICATE KEY UPDATE last_number = last_number`,
      [id, mysqlDialect.date(now)],
    );
  },
};

/** SQLite has one writer at a time: the upsert needs no lock of its own. */
const sqlite: EventCountersSql = {
  async bump(m, ids, now) {
    const at = sqliteDialect.date(now);
    await m.query(
      `${insertCounters(ids)}
       ON CONFLICT (subscription_id) DO UPDATE SET last_number = last_number + 1, updated_at = excluded.updated_at`,
      ids.flatMap((id) => [id, at]),
    );
  },
  async lock(m, id, now) {
    await m.query(
      `INSERT INTO webhook_event_counters (subscription_id, last_number, updated_at) VALUES (?, 0, ?)
       ON CONFLICT (subscription_id) DO NOTHING`,
      [id, sqliteDialect.date(now)],
    );
  },
};

export const EVENT_COUNTERS_SQL: Record<SqlDialectName, EventCountersSql> = { mysql, sqlite };
