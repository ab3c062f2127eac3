import { BullModule } from '@nestjs/bull';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { InitializeOnPreviewAllowlist } from '@nestjs/core/inspector/initialize-on-preview.allowlist';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditLogService } from './audit/audit-log.service';
import { AuditRetentionService } from './audit/audit-retention.service';
import { AuditTrailService } from './audit/audit-trail.service';
import { AuditController } from './audit/audit.controller';
import { LinkCallers } from './auth/link-callers';
import { WebhookPermissionGuard } from './auth/webhook-permission.guard';
import { BackgroundWorkService } from './background-work.service';
import { WebhooksClock } from './common/webhooks-clock';
import { SecretBox } from './crypto/secret-box';
import { AttemptRunnerService } from './delivery/attempt-runner.service';
import { DeliveryQueueService } from './delivery/delivery-queue.service';
import { DeliveryStoreService } from './delivery/delivery-store.service';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { EventNumbersService } from './delivery/event-numbers.service';
import { DELIVERY_BACKOFF, deliveryBackoff } from './delivery/job-backoff';
import { RequeueSweepService } from './delivery/requeue-sweep.service';
import { SubjectOrderService } from './delivery/subject-order.service';
import { DeliveryChartController } from './delivery-chart/delivery-chart.controller';
import { DeliveryChartService } from './delivery-chart/delivery-chart.service';
import { CertificateExpiryService } from './endpoint-health/certificate-expiry.service';
import { EndpointHealthService } from './endpoint-health/endpoint-health.service';
import { EndpointStatsService } from './endpoint-health/endpoint-stats.service';
import { EndpointTestService } from './endpoint-health/endpoint-test.service';
import { CallerLimitsService } from './event-log/caller-limits.service';
import { EventChangesService } from './event-log/event-changes.service';
import { EventLogRetentionService } from './event-log/event-log-retention.service';
import { EventLogController } from './event-log/event-log.controller';
import { EventLogService } from './event-log/event-log.service';
import { EventResendService } from './event-log/event-resend.service';
import { PayloadExpungeService } from './event-log/payload-expunge.service';
import { EventCatalogService } from './event-types/event-catalog.service';
import { EventTypesController } from './event-types/event-types.controller';
import { ActiveSubscriptionsService } from './filters/active-subscriptions.service';
import { SubscriptionFiltersService } from './filters/subscription-filters.service';
import { BodyFormatsService } from './formats/body-formats.service';
import { FhirNotifications } from './formats/fhir/fhir-notifications';
import { FhirFormat } from './formats/fhir/fhir.format';
import { Hl7v2Format } from './formats/hl7v2/hl7v2.format';
import { JsonFormat } from './formats/json.format';
import { IntegratorLinksController } from './integrator-links/integrator-links.controller';
import { IntegratorLinksService } from './integrator-links/integrator-links.service';
import { PayloadSealer } from './lab-data/payload-sealer';
import { SubjectHasher } from './lab-data/subject-hasher';
import { OldestDueEntry } from './operations/oldest-due-entry';
import { WebhooksHealthIndicator } from './operations/webhooks-health.indicator';
import { WebhooksMetrics } from './operations/webhooks-metrics';
import { WEBHOOKS_ENTITIES } from './persistence';
import { sqlDialectProvider } from './persistence/sql-dialect.provider';
import { WebhookAttemptsRepository } from './persistence/webhook-attempts.repository';
import { WebhookAuditRepository } from './persistence/webhook-audit.repository';
import { WebhookDeliveriesRepository } from './persistence/webhook-deliveries.repository';
import { WebhookEventCountersRepository } from './persistence/webhook-event-counters.repository';
import { WebhookLinksRepository } from './persistence/webhook-links.repository';
import { WebhookSubjectSequencesRepository } from './persistence/webhook-subject-sequences.repository';
import { WebhookSubscriptionUsersRepository } from './persistence/webhook-subscription-users.repository';
import { WebhookSubscriptionsRepository } from './persistence/webhook-subscriptions.repository';
import { WebhookTasksRepository } from './persistence/webhook-tasks.repository';
import { PayloadCheck } from './publishing/payload-check';
import { TransactionOutbox } from './publishing/transaction-outbox';
import { WebhookEventsListener } from './publishing/webhook-events.listener';
import { WebhooksPublisher } from './publishing/webhooks.publisher';
import { RecoverTaskRunner } from './recover-tasks/recover-task.runner';
import { RecoverTasksController } from './recover-tasks/recover-tasks.controller';
import { RecoverTasksService } from './recover-tasks/recover-tasks.service';
import { CrossSiteRequestMiddleware } from './security/cross-site-request.middleware';
import { DestinationPolicy } from './security/destination-policy';
import { JsonOnlyMiddleware } from './security/json-only.middleware';
import { RequestBodyLimitMiddleware } from './security/request-body-limit.middleware';
import { RequestBodyGuard } from './security/request-body.guard';
import { EndpointSender } from './sending/endpoint-sender';
import { HttpSender } from './sending/http-sender';
import { OAuth2Tokens } from './sending/oauth2-tokens';
import { TlsDispatchers } from './sending/tls-dispatchers';
import { EndpointHealthController } from './subscriptions/endpoint-health.controller';
import { FhirNoticesService } from './subscriptions/fhir-notices.service';
import { FhirQueriesService } from './subscriptions/fhir-queries.service';
import { FhirStatusController } from './subscriptions/fhir-status.controller';
import { ReceiverAuthSettings } from './subscriptions/receiver-auth-settings';
import { SigningSecretController } from './subscriptions/signing-secret.controller';
import { SigningSecretService } from './subscriptions/signing-secret.service';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { UiController } from './ui/ui.controller';
import { resolvedOptionsProvider, resolveWebhooksOptions } from './webhooks-options';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_OPTIONS, WEBHOOKS_QUEUE } from './webhooks.constants';
import { WEBHOOKS_OPTIONS_TYPE, WebhooksConfigurableModule } from './webhooks.module-definition';

/** The module's queues; exported so a host can mount a dashboard (bull-board) on them by name. */
const QUEUES = BullModule.registerQueue(
  { name: WEBHOOKS_QUEUE, settings: { backoffStrategies: { [DELIVERY_BACKOFF]: deliveryBackoff } } },
  { name: WEBHOOKS_MAINTENANCE_QUEUE },
);

const CONTROLLERS = [
  EventTypesController,
  SubscriptionsController,
  FhirStatusController,
  SigningSecretController,
  EndpointHealthController,
  DeliveryChartController,
  EventLogController,
  RecoverTasksController,
  AuditController,
  IntegratorLinksController,
  UiController,
];

// Nest's preview mode (OpenAPI generation without a database) instantiates no module but its
// own core: let RouterModule run there too, or documents built in preview lose the route prefix.
InitializeOnPreviewAllowlist.add(RouterModule);

/**
 * Outgoing webhooks for a lab information system. The host owns the TypeORM and Bull
 * connections (`TypeOrmModule.forRoot`, `BullModule.forRoot`) and `EventEmitterModule.forRoot`;
 * this module registers its entities and its queues on them.
 *
 * @publicApi
 */
@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOKS_ENTITIES), QUEUES],
  controllers: CONTROLLERS,
  providers: [
    resolvedOptionsProvider,
    sqlDialectProvider,
    WebhookDeliveriesRepository,
    WebhookAttemptsRepository,
    WebhookAuditRepository,
    WebhookSubjectSequencesRepository,
    WebhookEventCountersRepository,
    WebhookSubscriptionUsersRepository,
    WebhookTasksRepository,
    WebhookSubscriptionsRepository,
    WebhookLinksRepository,
    EventCatalogService,
    SubscriptionFiltersService,
    SecretBox,
    WebhooksClock,
    AuditTrailService,
    AuditLogService,
    AuditRetentionService,
    PayloadExpungeService,
    PayloadSealer,
    SubjectHasher,
    WebhookPermissionGuard,
    RequestBodyGuard,
    SubscriptionsService,
    ReceiverAuthSettings,
    ActiveSubscriptionsService,
    DeliveryQueueService,
    DeliveryStoreService,
    HttpSender,
    TlsDispatchers,
    OAuth2Tokens,
    EndpointSender,
    AttemptRunnerService,
    BodyFormatsService,
    JsonFormat,
    Hl7v2Format,
    FhirFormat,
    FhirNotifications,
    FhirNoticesService,
    FhirQueriesService,
    DeliveryProcessor,
    RequeueSweepService,
    SubjectOrderService,
    EventNumbersService,
    TransactionOutbox,
    PayloadCheck,
    WebhooksPublisher,
    WebhookEventsListener,
    EventLogService,
    CallerLimitsService,
    EventResendService,
    EventChangesService,
    EventLogRetentionService,
    DestinationPolicy,
    SigningSecretService,
    EndpointHealthService,
    CertificateExpiryService,
    EndpointTestService,
    EndpointStatsService,
    DeliveryChartService,
    OldestDueEntry,
    WebhooksMetrics,
    WebhooksHealthIndicator,
    RecoverTaskRunner,
    RecoverTasksService,
    IntegratorLinksService,
    { provide: LinkCallers, useExisting: IntegratorLinksService },
    BackgroundWorkService,
  ],
  exports: [
    QUEUES,
    WEBHOOKS_OPTIONS,
    EventCatalogService,
    WebhooksHealthIndicator,
    SubjectHasher,
    AuditTrailService,
    AuditLogService,
    AuditRetentionService,
    PayloadExpungeService,
    SubscriptionsService,
    WebhooksPublisher,
    EventLogService,
    EventResendService,
    EventLogRetentionService,
    WebhookPermissionGuard,
  ],
})
export class WebhooksModule extends WebhooksConfigurableModule implements NestModule {
  /** Checks the options at once, so a bad option fails where the host wrote it. */
  static forRoot(options: typeof WEBHOOKS_OPTIONS_TYPE): DynamicModule {
    resolveWebhooksOptions(options);
    return super.forRoot(options);
  }

  /**
   * On the module's routes, from the headers alone (on Fastify, before the body is read): 403 for
   * a cross-site state-changing request (CSRF); 415 for a body that is not JSON; 413 for a declared
   * length over `maxRequestBodyBytes`. The parsed body's checks are `RequestBodyGuard`'s.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CrossSiteRequestMiddleware, JsonOnlyMiddleware, RequestBodyLimitMiddleware)
      .forRoutes(...CONTROLLERS);
  }
}
