import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { idRange, retentionFloor } from '../common/event-log-window';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { AUDIT_INDEXES, WebhookAuditEntity } from '../persistence/webhook-audit.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { AuditAction } from './audit-actions';
import { AuditEntryDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The index that serves a page: the most selective equality filter, then id (see docs/event-log.md, "Audit trail"). */
function auditIndex(q: AuditQueryDto): string {
  if (q.subscriptionId !== undefined) return AUDIT_INDEXES.subscription;
  if (q.actorId !== undefined) return AUDIT_INDEXES.actor;
  if (q.action !== undefined) return AUDIT_INDEXES.action;
  return 'PRIMARY';
}

/**
 * Reads the audit trail back, newest first, within `auditRetentionDays`.
 * @publicApi
 */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  async list(query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const limit = query.limit ?? 50;
    const floor = retentionFloor(new Date(), this.options.auditRetentionDays);
    const range = idRange(floor, { since: query.since, until: query.until, cursorId: decodeCursor(query.cursor) });
    if (range.hi !== undefined && range.hi <= range.lo) return { items: [], nextCursor: null };
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => (where.push(sql), params.push(value));
    if (query.subscriptionId !== undefined) add('subscription_id = ?', query.subscriptionId);
    if (query.actorId !== undefined) add('actor_id = ?', query.actorId);
    if (query.action !== undefined) add('action = ?', query.action);
    add('id >= ?', range.lo);
    if (range.hi !== undefined) add('id < ?', range.hi);
    const hint = this.dialect.forceIndex(auditIndex(query));
    const ids: string[] = (
      await this.dataSource.query(
        `SELECT id FROM webhook_audit${hint} WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${limit + 1}`,
        params,
      )
    ).map((r: { id: string }) => r.id);
    const rows = ids.length ? await this.dataSource.getRepository(WebhookAuditEntity).findBy({ id: In(ids) }) : [];
    rows.sort((a, b) => (a.id < b.id ? 1 : -1));
    return toPage(rows, limit, (r) => ({ ...r, action: r.action as AuditAction }));
  }
}
