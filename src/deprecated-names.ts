// Names the package exported before 1.0, kept so hosts keep compiling; each goes in the next
// major version. A class alias is the same class, so it is also the same injection token.
import { AuditTrailService } from './audit/audit-trail.service';
import { EventCatalogService } from './event-types/event-catalog.service';
import { WebhooksPublisher } from './publishing/webhooks.publisher';

/**
 * @deprecated use `WebhooksPublisher`
 * @publicApi
 */
export const WebhooksService = WebhooksPublisher;
/**
 * @deprecated use `WebhooksPublisher`
 * @publicApi
 */
export type WebhooksService = WebhooksPublisher;

/**
 * @deprecated use `AuditTrailService`
 * @publicApi
 */
export const AuditTrail = AuditTrailService;
/**
 * @deprecated use `AuditTrailService`
 * @publicApi
 */
export type AuditTrail = AuditTrailService;

/**
 * @deprecated use `EventCatalogService`
 * @publicApi
 */
export const EventCatalog = EventCatalogService;
/**
 * @deprecated use `EventCatalogService`
 * @publicApi
 */
export type EventCatalog = EventCatalogService;
