import { CreateWebhooksTables1764300000000 } from './migrations/1764300000000-create-webhooks-tables';
import { SubjectsAndSealedPayloads1764600000000 } from './migrations/1764600000000-subjects-and-sealed-payloads';
import { EndpointHealth1764700000000 } from './migrations/1764700000000-endpoint-health';
import { SubjectOrdering1764900000000 } from './migrations/1764900000000-subject-ordering';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubjectSequenceEntity } from './webhook-subject-sequence.entity';
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
  WebhookSubjectSequenceEntity,
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
  SubjectOrdering1764900000000,
];
