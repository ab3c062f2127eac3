import { CreateWebhooksTables1764300000000 } from './migrations/1764300000000-create-webhooks-tables';
import { SubjectsAndSealedPayloads1764600000000 } from './migrations/1764600000000-subjects-and-sealed-payloads';
import { EndpointHealth1764700000000 } from './migrations/1764700000000-endpoint-health';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionUserEntity } from './webhook-subscription-user.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/**
 * Entities for hosts that list entities explicitly in `TypeOrmModule.forRoot`.
 *
 * @publicApi
 */
export const WEBHOOKS_ENTITIES = [
  WebhookSubscriptionEntity,
  WebhookSubscriptionUserEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
];

/**
 * MySQL/MariaDB migrations, in order.
 *
 * @publicApi
 */
export const WEBHOOKS_MIGRATIONS = [
  CreateWebhooksTables1764300000000,
  SubjectsAndSealedPayloads1764600000000,
  EndpointHealth1764700000000,
];
