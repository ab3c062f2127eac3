import { EntityManager } from 'typeorm';
import { mysqlDialect, SqlDialectName, sqliteDialect } from '../persistence/dialect.sql';
import { OPEN_STATUSES_SQL } from '../persistence/webhook-deliveries.sql';

/** One subject on one subscription with `ordering: subject`: its entries go one at a time. */
export interface SubjectGroup {
  subscriptionId: string;
  subjectHash: string;
}

/** The first open entry of a subject, as a release reads it. */
export interface FirstOpen {
  id: string;
  status: string;
  next_attempt_at: Date | string | null;
  attempt_count: number | string;
  url: string;
}

/** The statements of ordering per subject that differ between the databases. */
export interface SubjectOrderSql {
  /**
   * Moves each group's counter to `max(last + 1, floor)`, creating it at `floor`; the row
   * stays locked until the transaction ends.
   */
  bumpCounters(m: EntityManager, groups: SubjectGroup[], floor: number, now: Date): Promise<void>;
  /** Locks the groups' counter rows (in the groups' order) until the transaction ends. */
  lockCounters(m: EntityManager, groups: SubjectGroup[]): Promise<void>;
  /** The open entry with the lowest number, per group that has one. */
  firstOpen(m: EntityManager, groups: SubjectGroup[]): Promise<FirstOpen[]>;
}

/** `(subscription_id = ? AND subject_hash = ?) OR ...` for the groups, with its parameters. */
export function matching(groups: SubjectGroup[]): [string, string[]] {
  return [
    groups.map(() => '(subscription_id = ? AND subject_hash = ?)').join(' OR '),
    groups.flatMap((g) => [g.subscriptionId, g.subjectHash]),
  ];
}

const FIRST_OPEN = `SELECT id, status, next_attempt_at, attempt_count, url FROM webhook_deliveries
  WHERE subscription_id = ? AND subject_hash = ? AND order_seq IS NOT NULL AND status IN (${OPEN_STATUSES_SQL})
  ORDER BY order_seq LIMIT 1`;

const insertCounters = (groups: SubjectGroup[]) =>
  `INSERT INTO webhook_subject_sequences (subscription_id, subject_hash, last_seq, updated_at)
   VALUES ${groups.map(() => '(?, ?, ?, ?)').join(', ')}`;

const counterParams = (groups: SubjectGroup[], floor: number, now: Date | string) =>
  groups.flatMap((g) => [g.subscriptionId, g.subjectHash, floor, now]);

/** One upsert for all groups, one `FOR UPDATE` read, one UNION of index lookups. */
const mysql: SubjectOrderSql = {
  async bumpCounters(m, groups, floor, now) {
    await m.query(
      `${insertCounters(groups)}
       ON DUPLICATE KEY UPDATE last_seq = GREATEST(last_seq + 1, VALUES(last_seq)), updated_at = VALUES(updated_at)`,
      counterParams(groups, floor, mysqlDialect.date(now)),
    );
  },
  async lockCounters(m, groups) {
    const [where, keys] = matching(groups);
    await m.query(
      `SELECT subscription_id FROM webhook_subject_sequences WHERE ${where}
       ORDER BY subscription_id, subject_hash FOR UPDATE`,
      keys,
    );
  },
  firstOpen(m, groups) {
    return m.query(
      groups.map(() => `(${FIRST_OPEN})`).join(' UNION ALL '),
      groups.flatMap((g) => [g.subscriptionId, g.subjectHash]),
    );
  },
};

/**
 * SQLite has one writer at a time (and TypeORM's better-sqlite3 driver one connection), so the
 * counters need no lock of their own. It has no `GREATEST` (its two-argument `MAX` is one), and
 * a UNION branch cannot have an `ORDER BY ... LIMIT` of its own, so each group is its own lookup.
 */
const sqlite: SubjectOrderSql = {
  async bumpCounters(m, groups, floor, now) {
    await m.query(
      `${insertCounters(groups)}
       ON CONFLICT (subscription_id, subject_hash) DO UPDATE
       SET last_seq = MAX(last_seq + 1, excluded.last_seq), updated_at = excluded.updated_at`,
      counterParams(groups, floor, sqliteDialect.date(now)),
    );
  },
  async lockCounters() {},
  async firstOpen(m, groups) {
    const rows: FirstOpen[] = [];
    for (const g of groups) rows.push(...(await m.query(FIRST_OPEN, [g.subscriptionId, g.subjectHash])));
    return rows;
  },
};

export const SUBJECT_ORDER_SQL: Record<SqlDialectName, SubjectOrderSql> = { mysql, sqlite };
