import { EntityManager, In } from 'typeorm';
import { OPEN_STATUSES, WebhookDeliveryEntity } from './webhook-delivery.entity';

/**
 * Stops an endpoint's entries that were not yet delivered (it was deactivated or deleted): they
 * become `canceled`, stay in the log, and can be recovered once the endpoint is active again.
 */
export async function cancelUndelivered(m: EntityManager, subscriptionId: string): Promise<void> {
  await m.update(
    WebhookDeliveryEntity,
    { subscriptionId, status: In(OPEN_STATUSES) },
    { status: 'canceled', nextAttemptAt: null, updatedAt: new Date() },
  );
}
