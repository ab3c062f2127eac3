import { CreateWebhooksTables1764300000000 } from './migrations/1764300000000-create-webhooks-tables';
import { DropUnusedDeliveryIndexes1764590000000 } from './migrations/1764590000000-drop-unused-delivery-indexes';
import { SubjectsAndSealedPayloads1764600000000 } from './migrations/1764600000000-subjects-and-sealed-payloads';
import { CreateAuditTable1764600000001 } from './migrations/1764600000001-create-audit-table';
import { EndpointHealth1764700000000 } from './migrations/1764700000000-endpoint-health';
import { WebhookTasks1764700000001 } from './migrations/1764700000001-webhook-tasks';
import { SubjectOrdering1764900000000 } from './migrations/1764900000000-subject-ordering';
import { SealedHeaderValues1765000000000 } from './migrations/1765000000000-sealed-header-values';
import { SubscriptionFormat1796587200000 } from './migrations/1796587200000-subscription-format';
import { ReceiverAuth1796588202000 } from './migrations/1796588202000-receiver-auth';
import { SubjectSearchPerSubscription1796590000000 } from './migrations/1796590000000-subject-search-per-subscription';
import { SubscriptionFilter1796600000000 } from './migrations/1796600000000-subscription-filter';
import { FhirNotifications1796700000000 } from './migrations/1796700000000-fhir-notifications';
import { AttemptUrls1796710000000 } from './migrations/1796710000000-attempt-urls';
import { IntegratorLinks1796720000000 } from './migrations/1796720000000-integrator-links';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookAuditEntity } from './webhook-audit.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEventCounterEntity } from './webhook-event-counter.entity';
import { WebhookLinkEntity } from './webhook-link.entity';
import { WebhookSubjectSequenceEntity } from './webhook-subject-sequence.entity';
import { WebhookSubscriptionUserEntity } from './webhook-subscription-user.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookTaskLockEntity } from './webhook-task-lock.entity';
import { WebhookTaskEntity } from './webhook-task.entity';

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
  WebhookEventCounterEntity,
  WebhookAuditEntity,
  WebhookTaskEntity,
  WebhookTaskLockEntity,
  WebhookLinkEntity,
];

/**
 * MySQL/MariaDB migrations, in order.
 *
 * @publicApi
 */
export const WEBHOOKS_MIGRATIONS = [
  CreateWebhooksTables1764300000000,
  DropUnusedDeliveryIndexes1764590000000,
  SubjectsAndSealedPayloads1764600000000,
  CreateAuditTable1764600000001,
  EndpointHealth1764700000000,
  WebhookTasks1764700000001,
  SubjectOrdering1764900000000,
  SealedHeaderValues1765000000000,
  SubscriptionFormat1796587200000,
  ReceiverAuth1796588202000,
  SubjectSearchPerSubscription1796590000000,
  SubscriptionFilter1796600000000,
  FhirNotifications1796700000000,
  AttemptUrls1796710000000,
  IntegratorLinks1796720000000,
];
