import { EntityManager, In, LessThan } from 'typeorm';
import { SqlDialectName } from '../persistence/dialect.sql';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';

/** One batch of the event-log purge, as each database does it best. */
export interface EventLogPurgeSql {
  /**
   * Deletes up to `size` entries with an id below `floor`, with their attempts. Returns the
   * entries deleted and whether a next batch may find more.
   */
  purgeBatch(m: EntityManager, floor: string, size: number): Promise<{ purged: number; more: boolean }>;
}

/**
 * Ids are time-ordered, so "past retention" is an id range: two range DELETEs with LIMIT,
 * attempts first (by their entry id, orphans included), with no id read back.
 */
const mysql: EventLogPurgeSql = {
  async purgeBatch(m, floor, size) {
    const attempts = await m.query('DELETE FROM webhook_attempts WHERE delivery_id < ? LIMIT ?', [floor, size * 4]);
    const entries = await m.query('DELETE FROM webhook_deliveries WHERE id < ? ORDER BY id LIMIT ?', [floor, size]);
    return { purged: entries.affectedRows, more: attempts.affectedRows >= size * 4 || entries.affectedRows >= size };
  },
};

/** SQLite's DELETE takes no LIMIT (unless compiled so): select a batch of ids, delete by primary key. */
const sqlite: EventLogPurgeSql = {
  async purgeBatch(m, floor, size) {
    const batch = (
      await m.find(WebhookDeliveryEntity, {
        select: { id: true },
        where: { id: LessThan(floor) },
        order: { id: 'ASC' },
        take: size,
      })
    ).map((d) => d.id);
    if (!batch.length) return { purged: 0, more: false };
    const attemptIds = (
      await m.find(WebhookAttemptEntity, { select: { id: true }, where: { deliveryId: In(batch) } })
    ).map((a) => a.id);
    for (let i = 0; i < attemptIds.length; i += size) {
      await m.delete(WebhookAttemptEntity, { id: In(attemptIds.slice(i, i + size)) });
    }
    await m.delete(WebhookDeliveryEntity, { id: In(batch) });
    return { purged: batch.length, more: batch.length >= size };
  },
};

export const EVENT_LOG_PURGE_SQL: Record<SqlDialectName, EventLogPurgeSql> = { mysql, sqlite };
