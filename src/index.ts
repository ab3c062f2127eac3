// The package's public API: everything a host needs, nothing else. Each export is marked
// `@publicApi` where it is declared (src/public-api.spec.ts checks it).

// Module, options and setup
export { WebhooksModule } from './webhooks.module';
export type { WebhooksModuleExtras } from './webhooks.module-definition';
export type {
  CallerBudget,
  CallerLimitsOptions,
  EventCatalogOverrides,
  PayloadValidation,
  ResolvedWebhooksOptions,
  WebhooksMetricsRegistry,
  WebhooksModuleOptions,
  WebhooksPrincipal,
} from './webhooks-options.interface';
export { InjectWebhooksOptions } from './inject-webhooks-options.decorator';
export { WebhooksConfigError } from './webhooks.messages';
export {
  CallerLimitExceededError,
  WebhooksBadRequestError,
  WebhooksConflictError,
  WebhooksError,
  WebhooksForbiddenError,
  WebhooksNotFoundError,
  WebhooksUnauthorizedError,
  WebhooksValidationError,
} from './webhooks.errors';
export type { FieldProblem } from './webhooks.errors';
export { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_QUEUE } from './webhooks.constants';
export { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from './persistence';
export { useWebhooksBodyParser } from './security/body-parser';
export type { ExpressBodyParserHost, WebhooksBodyParserHost } from './security/body-parser';
export { isCrossSiteRequest, refuseCrossSiteRequests } from './security/cross-site-rule';
export type { CrossSiteRequest } from './security/cross-site-rule';

// Events and their catalog
export { isWebhookEventType, WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from './event-types/event-types';
export type { WebhookEventType } from './event-types/event-types';
export { WEBHOOK_EVENT_CATALOG } from './event-types/event-catalog';
export type { EventTypeDefinition } from './event-types/event-catalog';
export { EventCatalogService } from './event-types/event-catalog.service';
export type { SchemaViolation } from './event-types/event-catalog.service';
export type { SchemaField } from './event-types/schema-fields';

// Publishing
export { WebhooksPublisher } from './publishing/webhooks.publisher';
export type { PublishOptions, PublishResult } from './publishing/webhooks.publisher';
export { WebhookPayloadInvalidError, WebhookPublishError } from './publishing/publish-errors';

// Body formats: HL7 v2 and FHIR
export { FormatRenderError } from './formats/body-format';
export { hl7Components, hl7Segment } from './formats/hl7v2/hl7v2-message';
export type {
  Hl7v2Field,
  Hl7v2Message,
  Hl7v2Renderer,
  Hl7v2RenderInput,
  Hl7v2Segment,
  Hl7v2Value,
} from './formats/hl7v2/hl7v2-message';
export type { Hl7v2Options, ResolvedHl7v2Options } from './formats/hl7v2/hl7v2-options';
export type { FhirEventInput, FhirFocus, FhirOptions, ResolvedFhirOptions } from './formats/fhir/fhir-options';
export type { FhirPayloadContent, SubscriptionFormat } from './persistence/webhook-subscription.entity';

// Lab data: the subject an event is about, and its keyed hash
export { defaultSubjectOf, DEFAULT_SUBJECT_FIELDS, subjectOfEvent } from './lab-data/subject-of';
export type { SubjectOf } from './lab-data/subject-of';
export { SubjectHasher } from './lab-data/subject-hasher';

// The audit trail: who did what and when; other features record their actions through AuditTrailService
export { AuditTrailService } from './audit/audit-trail.service';
export type { AuditRecord } from './audit/audit-trail.service';
export { AUDIT_ACTIONS, SYSTEM_ACTOR } from './audit/audit-actions';
export type { AuditAction } from './audit/audit-actions';
export { AuditLogService } from './audit/audit-log.service';
export { AuditRetentionService } from './audit/audit-retention.service';

// Operational events on the host's event emitter (an endpoint disabled, a delivery exhausted, ...)
export { WEBHOOKS_OPERATIONAL_EVENTS } from './endpoint-health/operational-events';
export type {
  CertificateExpiringEvent,
  DeliveryExhaustedEvent,
  EndpointDisabledEvent,
  EndpointRecoveredEvent,
} from './endpoint-health/operational-events';

// Operations: health (needs @nestjs/terminus)
export { WebhooksHealthIndicator } from './operations/webhooks-health.indicator';
export type { WebhooksHealthCheckOptions, WebhooksHealthResult } from './operations/webhooks-health.indicator';

// Access: the permission decorator and guard, for a host's own routes
export { RequiresWebhookPermission } from './auth/webhook-permission.decorator';
export type { WebhookAccess } from './auth/webhook-permission.decorator';
export { WebhookPermissionGuard } from './auth/webhook-permission.guard';
export { Caller as CurrentWebhooksCaller } from './auth/webhooks-caller';
export type { WebhooksCaller } from './auth/webhooks-caller';

// Services a host may call directly
export { SubscriptionsService } from './subscriptions/subscriptions.service';
export { EventLogService } from './event-log/event-log.service';
export { EventResendService } from './event-log/event-resend.service';
export { CallerLimitExceededException } from './event-log/caller-limits.service';
export { EventLogRetentionService } from './event-log/event-log-retention.service';
export { PayloadExpungeService } from './event-log/payload-expunge.service';

// Request and response types of the REST API
export { CreateSubscriptionDto } from './subscriptions/dto/create-subscription.dto';
export { UpdateSubscriptionDto } from './subscriptions/dto/update-subscription.dto';
export { CreatedSubscriptionDto, SubscriptionDto, SubscriptionPageDto } from './subscriptions/dto/subscription.dto';
export { RotatedSecretDto } from './subscriptions/dto/rotated-secret.dto';
export { Hl7ReceiverDto } from './subscriptions/dto/hl7-receiver.dto';
export { FhirSettingsDto } from './subscriptions/dto/fhir-settings.dto';
export { FhirEventsQueryDto } from './subscriptions/dto/fhir-events-query.dto';
export { EventQueryDto } from './event-log/dto/event-query.dto';
export { AttemptDto, EventDetailDto, EventDto, EventPageDto } from './event-log/dto/event.dto';
export { ResendEventsDto, ResendResultDto } from './event-log/dto/resend.dto';
export { AuditQueryDto } from './audit/dto/audit-query.dto';
export { AuditEntryDto, AuditPageDto, UrlChangeDto } from './audit/dto/audit-entry.dto';
export { DELIVERY_STATUSES } from './persistence/webhook-delivery.entity';
export type { DeliveryStatus } from './persistence/webhook-delivery.entity';

// Deprecated names, kept until the next major version (see CHANGELOG.md)
export { AuditTrail, EventCatalog, WebhooksService } from './deprecated-names';
