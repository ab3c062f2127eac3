import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { UrlChange, WebhookAuditEntity } from '../persistence/webhook-audit.entity';
import { AuditAction, MAX_AUDIT_DELIVERY_IDS } from './audit-actions';

/**
 * One action to record.
 * @publicApi
 */
export interface AuditRecord {
  /** The caller's id, or `SYSTEM_ACTOR`. */
  actorId: string;
  action: AuditAction;
  subscriptionId?: string | null;
  /** Event-log entries concerned; the first 100 are kept, `count` defaults to their number. */
  deliveryIds?: string[];
  count?: number;
  /** Names of the fields changed. Never values: no secret, header value or payload value. */
  changes?: string[] | null;
  /** Entries sent to another URL than their last attempt's (`events.redirected`). */
  urlChanges?: UrlChange[] | null;
}

/**
 * Writes the audit trail. Pass the `EntityManager` of the transaction that makes the change:
 * the row then commits or rolls back with it, so a failed change leaves no row and no change
 * happens without its row.
 * @publicApi
 */
@Injectable()
export class AuditTrailService {
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const deliveryIds = entry.deliveryIds ?? [];
    await manager.insert(WebhookAuditEntity, {
      id: newId(),
      at: new Date(),
      actorId: entry.actorId,
      action: entry.action,
      subscriptionId: entry.subscriptionId ?? null,
      deliveryIds: deliveryIds.slice(0, MAX_AUDIT_DELIVERY_IDS),
      count: entry.count ?? deliveryIds.length,
      changes: entry.changes ?? null,
      urlChanges: entry.urlChanges ?? null,
    });
  }
}
