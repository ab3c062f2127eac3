import { DataSource, In } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { WebhookAttemptEntity } from '../../src/persistence/webhook-attempt.entity';
import { DeliveryStatus, WebhookDeliveryEntity } from '../../src/persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../../src/persistence/webhook-subscription.entity';

export const DAY = 24 * 60 * 60 * 1000;

export interface EntrySpec {
  subscriptionId: string;
  status?: DeliveryStatus;
  eventType?: string;
  /** Creation instant; the id carries it, as the engine's UUIDv7 ids do. @default now */
  at?: number;
  attemptCount?: number;
  payload?: Record<string, unknown>;
}

/** `n` entries of one subscription with one status, created one every `stepMs` from `from` (ms). */
export const entryRun = (
  subscriptionId: string,
  status: DeliveryStatus,
  n: number,
  from: number,
  stepMs = 1000,
): EntrySpec[] => Array.from({ length: n }, (_, i) => ({ subscriptionId, status, at: from + i * stepMs }));

/**
 * Writes event-log entries straight into the real database, as the delivery engine would
 * after publishing: test set-up, so the log has rows of any age and status to read back.
 */
export async function insertEntries(ds: DataSource, specs: EntrySpec[]): Promise<WebhookDeliveryEntity[]> {
  // Each entry was sent to its subscription's URL (a resend of one sent elsewhere needs confirming).
  const ids = [...new Set(specs.map((s) => s.subscriptionId))];
  const urls = new Map(
    (
      await ds
        .getRepository(WebhookSubscriptionEntity)
        .find({ select: { id: true, url: true }, where: { id: In(ids) } })
    ).map((s) => [s.id, s.url]),
  );
  const rows = specs.map((s) => {
    const at = s.at ?? Date.now();
    const eventType = s.eventType ?? 'report_signed';
    return ds.getRepository(WebhookDeliveryEntity).create({
      id: uuidv7({ msecs: at }),
      eventId: uuidv7({ msecs: at }),
      eventType,
      subscriptionId: s.subscriptionId,
      url: urls.get(s.subscriptionId) ?? 'https://partner.example.com/hooks/lab',
      payload: JSON.stringify({ ...(s.payload ?? { reportId: 'R-1' }), eventType }),
      status: s.status ?? 'succeeded',
      attemptCount: s.attemptCount ?? 1,
      runAttempts: s.attemptCount ?? 1,
      lastResponseStatus: null,
      lastError: null,
      nextAttemptAt: null,
      leaseUntil: null,
      createdAt: new Date(at),
      updatedAt: new Date(at),
    });
  });
  for (let i = 0; i < rows.length; i += 200) {
    // updateEntity(false): TypeORM would re-read the defaults of a multi-row insert and write
    // them back onto the objects by position, ids included, in another order.
    await ds
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values(rows.slice(i, i + 200))
      .updateEntity(false)
      .execute();
  }
  return rows;
}

/** Writes attempt rows for an entry, numbered 1..n, as the sender records them. */
export async function insertAttempts(
  ds: DataSource,
  deliveryId: string,
  attempts: Partial<WebhookAttemptEntity>[],
): Promise<void> {
  await ds.getRepository(WebhookAttemptEntity).insert(
    attempts.map((a, i) => ({
      id: uuidv7(),
      deliveryId,
      attempt: i + 1,
      trigger: i === 0 ? 'initial' : 'retry',
      startedAt: new Date(),
      durationMs: 12,
      requestHeaders: { 'content-type': 'application/json', 'webhook-id': deliveryId },
      responseStatus: 500,
      responseHeaders: { 'content-type': 'text/plain' },
      responseBody: 'upstream broke',
      error: 'HTTP 500',
      ...a,
    })),
  );
}
