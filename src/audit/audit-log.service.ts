import { Inject, Injectable } from '@nestjs/common';
import { idRange, retentionFloor } from '../common/event-log-window';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { WebhookAuditRepository } from '../persistence/webhook-audit.repository';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { AuditAction } from './audit-actions';
import { AuditEntryDto } from './dto/audit-entry.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

/**
 * Reads the audit trail back, newest first, within `auditRetentionDays`.
 * @publicApi
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly audit: WebhookAuditRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  async list(query: AuditQueryDto): Promise<Page<AuditEntryDto>> {
    const limit = query.limit ?? 50;
    const floor = retentionFloor(new Date(), this.options.auditRetentionDays);
    const range = idRange(floor, { since: query.since, until: query.until, cursorId: decodeCursor(query.cursor) });
    if (range.hi !== undefined && range.hi <= range.lo) return { items: [], nextCursor: null };
    const { subscriptionId, actorId, action } = query;
    const rows = await this.audit.page({ subscriptionId, actorId, action }, range, limit + 1);
    return toPage(rows, limit, (r) => ({ ...r, action: r.action as AuditAction }));
  }
}
