export { WebhooksModule } from './webhooks.module';
export type { WebhooksModuleExtras } from './webhooks.module-definition';
export type { WebhooksModuleOptions, WebhooksPrincipal } from './webhooks-options.interface';
export { WebhooksConfigError } from './webhooks.messages';
export { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_DESCRIPTIONS, isWebhookEventType } from './event-types/event-types';
export type { WebhookEventType } from './event-types/event-types';
export { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from './persistence';
export { SubscriptionsService } from './subscriptions/subscriptions.service';
export { WebhookPermissionGuard } from './auth/webhook-permission.guard';
