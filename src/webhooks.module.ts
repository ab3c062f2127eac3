import { BullModule } from '@nestjs/bull';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookPermissionGuard } from './auth/webhook-permission.guard';
import { SecretBox } from './crypto/secret-box';
import { AttemptRunner } from './delivery/attempt-runner.service';
import { DeliveryQueueService } from './delivery/delivery-queue.service';
import { DeliveryStore } from './delivery/delivery-store.service';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { HttpSender } from './delivery/http-sender';
import { DELIVERY_BACKOFF, deliveryBackoff } from './delivery/job-backoff';
import { RecoveryService } from './delivery/recovery.service';
import { EndpointHealthController } from './endpoint-health/endpoint-health.controller';
import { EndpointHealthService } from './endpoint-health/endpoint-health.service';
import { EndpointStatsService } from './endpoint-health/endpoint-stats.service';
import { EndpointTestService } from './endpoint-health/endpoint-test.service';
import { EventLogRetentionService } from './event-log/event-log-retention.service';
import { EventLogController } from './event-log/event-log.controller';
import { EventLogService } from './event-log/event-log.service';
import { EventResendService } from './event-log/event-resend.service';
import { EventTypesController } from './event-types/event-types.controller';
import { PayloadSealer } from './lab-data/payload-sealer';
import { SubjectHasher } from './lab-data/subject-hasher';
import { WEBHOOKS_ENTITIES } from './persistence';
import { TransactionOutbox } from './publishing/transaction-outbox';
import { WebhookEventsListener } from './publishing/webhook-events.listener';
import { WebhooksService } from './publishing/webhooks.service';
import { RecoverTaskRunner } from './recovery-tasks/recover-task.runner';
import { RecoverTasksController } from './recovery-tasks/recover-tasks.controller';
import { RecoverTasksService } from './recovery-tasks/recover-tasks.service';
import { CrossSiteRequestMiddleware } from './security/cross-site-request.middleware';
import { DestinationPolicy } from './security/destination-policy';
import { PrototypeKeysMiddleware } from './security/prototype-keys.middleware';
import { RequestBodyLimitMiddleware } from './security/request-body-limit.middleware';
import { SigningSecretController } from './subscriptions/signing-secret.controller';
import { SigningSecretService } from './subscriptions/signing-secret.service';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { UiController } from './ui/ui.controller';
import { resolvedOptionsProvider, resolveWebhooksOptions } from './webhooks-options';
import { WebhooksModuleOptions } from './webhooks-options.interface';
import { WEBHOOKS_MAINTENANCE_QUEUE, WEBHOOKS_OPTIONS, WEBHOOKS_QUEUE } from './webhooks.constants';
import {
  moduleParts,
  WEBHOOKS_MODULE_OPTIONS,
  WebhooksConfigurableModule,
  WebhooksModuleExtras,
} from './webhooks.module-definition';

/** Each controller and the path it has under the route prefix. */
const CONTROLLERS: [Type, string][] = [
  [EventTypesController, 'event-types'],
  [SubscriptionsController, 'subscriptions'],
  [SigningSecretController, 'subscriptions'],
  [EndpointHealthController, 'subscriptions'],
  [EventLogController, 'events'],
  [RecoverTasksController, ''],
  [UiController, 'ui'],
];

/**
 * Outgoing webhooks for a lab information system. The host owns the TypeORM and Bull
 * connections (`TypeOrmModule.forRoot`, `BullModule.forRoot`) and `EventEmitterModule.forRoot`;
 * this module registers its entities and its queue on them.
 */
@Module({})
export class WebhooksModule extends WebhooksConfigurableModule implements NestModule {
  /**
   * On the module's routes: 403 for a cross-site state-changing request (CSRF); 413 over
   * `maxRequestBodyBytes` whatever the host's parser allows; no `__proto__`/`constructor`/`prototype` keys.
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CrossSiteRequestMiddleware, RequestBodyLimitMiddleware, PrototypeKeysMiddleware)
      .forRoutes(...CONTROLLERS.map(([c]) => c));
  }

  /** Adds the module's parts to what `ConfigurableModuleBuilder` built (both registration forms). */
  static withParts(definition: DynamicModule, extras: WebhooksModuleExtras): DynamicModule {
    // forRoot: check the options now, so a bad option fails where the host wrote it.
    const given = definition.providers?.find((p: any) => p?.provide === WEBHOOKS_MODULE_OPTIONS) as
      { useValue?: WebhooksModuleOptions } | undefined;
    if (given?.useValue) resolveWebhooksOptions(given.useValue);
    const prefix = (extras.routePrefix ?? 'webhooks').replace(/^\/+|\/+$/g, '');
    for (const [controller, path] of CONTROLLERS) {
      Reflect.defineMetadata(PATH_METADATA, [prefix, path].filter(Boolean).join('/'), controller);
    }
    return {
      ...definition,
      imports: [
        ...(definition.imports ?? []),
        TypeOrmModule.forFeature(WEBHOOKS_ENTITIES),
        BullModule.registerQueue(
          { name: WEBHOOKS_QUEUE, settings: { backoffStrategies: { [DELIVERY_BACKOFF]: deliveryBackoff } } },
          { name: WEBHOOKS_MAINTENANCE_QUEUE },
        ),
      ],
      controllers: CONTROLLERS.map(([c]) => c),
      providers: [
        ...(definition.providers ?? []),
        resolvedOptionsProvider,
        SecretBox,
        PayloadSealer,
        SubjectHasher,
        WebhookPermissionGuard,
        SubscriptionsService,
        DeliveryQueueService,
        DeliveryStore,
        HttpSender,
        AttemptRunner,
        DeliveryProcessor,
        RecoveryService,
        TransactionOutbox,
        WebhooksService,
        WebhookEventsListener,
        EventLogService,
        EventResendService,
        EventLogRetentionService,
        DestinationPolicy,
        SigningSecretService,
        EndpointHealthService,
        EndpointTestService,
        EndpointStatsService,
        RecoverTaskRunner,
        RecoverTasksService,
      ],
      exports: [
        WEBHOOKS_OPTIONS,
        SubjectHasher,
        SubscriptionsService,
        WebhooksService,
        EventLogService,
        EventResendService,
        EventLogRetentionService,
        DestinationPolicy,
      ],
    };
  }
}

moduleParts.add = (definition, extras) => WebhooksModule.withParts(definition, extras);
