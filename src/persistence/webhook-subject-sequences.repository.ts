import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { forDialect, SqlDialect } from './dialect.sql';
import { InjectSqlDialect } from './sql-dialect.provider';
import { matching, SUBJECT_SEQUENCES_SQL, SubjectGroup, SubjectSequencesSql } from './webhook-subject-sequences.sql';

/** A subject's counter after a bump. */
export interface SubjectSequence extends SubjectGroup {
  lastSeq: number | string;
}

/** `webhook_subject_sequences`: the last order number of each subject on each ordered subscription. */
@Injectable()
export class WebhookSubjectSequencesRepository {
  private readonly sql: SubjectSequencesSql;

  constructor(@InjectSqlDialect() dialect: SqlDialect) {
    this.sql = forDialect(dialect, SUBJECT_SEQUENCES_SQL);
  }

  /**
   * Inside `m`'s transaction: moves each group's counter to `max(last + 1, floor)` (creating it
   * at `floor`), keeps the rows locked until it ends, and returns the counters.
   */
  async bump(m: EntityManager, groups: SubjectGroup[], floor: number, now: Date): Promise<SubjectSequence[]> {
    await this.sql.bumpCounters(m, groups, floor, now);
    const [where, keys] = matching(groups);
    const rows: { subscription_id: string; subject_hash: string; last_seq: number | string }[] = await m.query(
      `SELECT subscription_id, subject_hash, last_seq FROM webhook_subject_sequences WHERE ${where}`,
      keys,
    );
    return rows.map((r) => ({ subscriptionId: r.subscription_id, subjectHash: r.subject_hash, lastSeq: r.last_seq }));
  }

  /** Inside `m`'s transaction: locks the groups' counters (in the groups' order) until it ends. */
  lock(m: EntityManager, groups: SubjectGroup[]): Promise<void> {
    return this.sql.lockCounters(m, groups);
  }
}
