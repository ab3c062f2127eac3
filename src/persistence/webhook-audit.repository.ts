import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { SqlDialect } from './dialect.sql';
import { InjectSqlDialect } from './sql-dialect.provider';
import { AUDIT_INDEXES, WebhookAuditEntity } from './webhook-audit.entity';

/** The equality filters of an audit page. */
export interface AuditFilter {
  subscriptionId?: string;
  actorId?: string;
  action?: string;
}

/** The index that serves a page: the most selective equality filter, then id (see docs/event-log.md, "Audit trail"). */
function auditIndex(f: AuditFilter): string {
  if (f.subscriptionId !== undefined) return AUDIT_INDEXES.subscription;
  if (f.actorId !== undefined) return AUDIT_INDEXES.actor;
  if (f.action !== undefined) return AUDIT_INDEXES.action;
  return 'PRIMARY';
}

/** `webhook_audit`, the audit trail: its reads and its purge. */
@Injectable()
export class WebhookAuditRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
  ) {}

  /** Up to `n` rows matching `filter` with `lo <= id < hi`, newest first, read backwards on one index. */
  async page(filter: AuditFilter, range: { lo: string; hi?: string }, n: number): Promise<WebhookAuditEntity[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => (where.push(sql), params.push(value));
    if (filter.subscriptionId !== undefined) add('subscription_id = ?', filter.subscriptionId);
    if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
    if (filter.action !== undefined) add('action = ?', filter.action);
    add('id >= ?', range.lo);
    if (range.hi !== undefined) add('id < ?', range.hi);
    const hint = this.dialect.forceIndex(auditIndex(filter));
    const ids: string[] = (
      await this.dataSource.query(
        `SELECT id FROM webhook_audit${hint} WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${n}`,
        params,
      )
    ).map((r: { id: string }) => r.id);
    const rows = ids.length ? await this.dataSource.getRepository(WebhookAuditEntity).findBy({ id: In(ids) }) : [];
    return rows.sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** Deletes up to `size` rows with an id below `floor`, by primary key; whether a next batch may find more. */
  async purgeBatch(floor: string, size: number): Promise<{ purged: number; more: boolean }> {
    const audit = this.dataSource.getRepository(WebhookAuditEntity);
    const ids = (
      await audit.find({ select: { id: true }, where: { id: LessThan(floor) }, order: { id: 'ASC' }, take: size })
    ).map((r) => r.id);
    if (ids.length) await audit.delete(ids);
    return { purged: ids.length, more: ids.length >= size };
  }
}
