import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';

/**
 * Age of the oldest entry that is due and not yet delivered: how far the engine is behind.
 * One MIN per due status, each answered from `idx_webhook_deliveries_due` (status,
 * next_attempt_at) without reading rows.
 */
@Injectable()
export class OldestDueEntry {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {}

  /** Seconds since the oldest due entry fell due; 0 when nothing is overdue. */
  async ageSeconds(now = new Date()): Promise<number> {
    const rows: { t: Date | string | null }[] = await this.dataSource.query(
      `SELECT MIN(t) AS t FROM (
         SELECT MIN(next_attempt_at) AS t FROM webhook_deliveries WHERE status = 'pending'
         UNION ALL SELECT MIN(next_attempt_at) AS t FROM webhook_deliveries WHERE status = 'retrying'
       ) due`,
    );
    const oldest = rows[0]?.t;
    if (oldest === null || oldest === undefined) return 0;
    return Math.max(0, (now.getTime() - this.dialect.readDate(oldest).getTime()) / 1000);
  }
}
