export { WebhooksModule } from './webhooks.module';
export type { WebhooksModuleExtras } from './webhooks.module-definition';
export type { WebhooksModuleOptions, WebhooksPrincipal } from './webhooks-options.interface';
export { WebhooksConfigError } from './webhooks.messages';
export { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_DESCRIPTIONS, isWebhookEventType } from './event-types/event-types';
export type { WebhookEventType } from './event-types/event-types';
export { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from './persistence';
export { SubscriptionsService } from './subscriptions/subscriptions.service';
export { WebhookPermissionGuard } from './auth/webhook-permission.guard';
export { WebhooksService } from './publishing/webhooks.service';
export type { PublishOptions, PublishResult } from './publishing/webhooks.service';
export { WebhookPublishError } from './publishing/publish-errors';
export { EventLogService } from './event-log/event-log.service';
export { EventResendService } from './event-log/event-resend.service';
export { EventLogRetentionService } from './event-log/event-log-retention.service';
export { DestinationPolicy } from './security/destination-policy';
export { DestinationBlockedError, DESTINATION_BLOCKED } from './security/destination-blocked.error';
export { addressProblem, hostProblem } from './security/address-ranges';
export { useWebhooksBodyParser } from './security/body-parser';
export { WebhooksHealthIndicator } from './operations/webhooks-health.indicator';
export type { WebhooksHealthCheckOptions, WebhooksHealthResult } from './operations/webhooks-health.indicator';
export type { WebhooksMetricsRegistry } from './webhooks-options.interface';
export { WEBHOOKS_QUEUE, WEBHOOKS_MAINTENANCE_QUEUE } from './webhooks.constants';
export { defaultSubjectOf, subjectOfEvent, DEFAULT_SUBJECT_FIELDS } from './lab-data/subject-of';
export type { SubjectOf } from './lab-data/subject-of';
export { SubjectHasher } from './lab-data/subject-hasher';
export { WEBHOOKS_OPERATIONAL_EVENTS } from './endpoint-health/operational-events';
export type {
  EndpointDisabledEvent,
  DeliveryExhaustedEvent,
  EndpointRecoveredEvent,
} from './endpoint-health/operational-events';
