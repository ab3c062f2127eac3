import { EntityManager } from 'typeorm';
import { mysqlDialect, SqlDialectName, sqliteDialect } from './dialect.sql';

/** One subject on one subscription with `ordering: subject`: its entries go one at a time. */
export interface SubjectGroup {
  subscriptionId: string;
  subjectHash: string;
}

/** The statements on `webhook_subject_sequences` (ordering per subject) that differ between the databases. */
export interface SubjectSequencesSql {
  /**
   * Moves each group's counter to `max(last + 1, floor)`, creating it at `floor`; the row
   * stays locked until the transaction ends.
   */
  bumpCounters(m: EntityManager, groups: SubjectGroup[], floor: number, now: Date): Promise<void>;
  /** Locks the groups' counter rows (in the groups' order) until the transaction ends. */
  lockCounters(m: EntityManager, groups: SubjectGroup[]): Promise<void>;
}

/** `(subscription_id = ? AND subject_hash = ?) OR ...` for the groups, with its parameters. */
export function matching(groups: SubjectGroup[]): [string, string[]] {
  return [
    groups.map(() => '(subscription_id = ? AND subject_hash = ?)').join(' OR '),
    groups.flatMap((g) => [g.subscriptionId, g.subjectHash]),
  ];
}

const insertCounters = (groups: SubjectGroup[]) =>
  `INSERT INTO webhook_subject_sequences (subscription_id, subject_hash, last_seq, updated_at)
   VALUES ${groups.map(() => '(?, ?, ?, ?)').join(', ')}`;

const counterParams = (groups: SubjectGroup[], floor: number, now: Date | string) =>
  groups.flatMap((g) => [g.subscriptionId, g.subjectHash, floor, now]);

/** One upsert for all groups, one `FOR UPDATE` read. */
const mysql: SubjectSequencesSql = {
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
};

/**
 * SQLite has one writer at a time (and TypeORM's better-sqlite3 driver one connection), so the
 * counters need no lock of their own. It has no `GREATEST` (its two-argument `MAX` is one).
 */
const sqlite: SubjectSequencesSql = {
  async bumpCounters(m, groups, floor, now) {
    await m.query(
      `${insertCounters(groups)}
       ON CONFLICT (subscription_id, subject_hash) DO UPDATE
       SET last_seq = MAX(last_seq + 1, excluded.last_seq), updated_at = excluded.updated_at`,
      counterParams(groups, floor, sqliteDialect.date(now)),
    );
  },
  async lockCounters() {},
};

export const SUBJECT_SEQUENCES_SQL: Record<SqlDialectName, SubjectSequencesSql> = { mysql, sqlite };
