// The shapes the module's REST API answers with, by the names the page uses. They come from
// docs/openapi.json through openapi.generated.ts (`npm run ui:types`): never written by hand.
import type { components } from './openapi.generated';

type Schemas = components['schemas'];

/** A list answer: one keyset page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Caller = Schemas['UiCallerDto'];
/** `GET /subscriptions/:id/links`: never a token. */
export type IntegratorLink = Schemas['IntegratorLinkDto'];
/** `POST /subscriptions/:id/links`: the link's url, shown once. */
export type CreatedIntegratorLink = Schemas['CreatedIntegratorLinkDto'];
/** A payload path of an event type's schema (`GET /event-types` `fields`). */
export type EventField = Schemas['EventFieldDto'];
export type EventType = Schemas['EventTypeDto'];
export type EventEntry = Schemas['EventDto'];
export type DeliveryStatus = EventEntry['status'];
export type Attempt = Schemas['AttemptDto'];
export type EventDetail = Schemas['EventDetailDto'];
export type ResendResult = Schemas['ResendResultDto'];
export type Subscription = Schemas['SubscriptionDto'];
/** The document marks `signingSecret` optional (shown on create only); a create answer has it. */
export type CreatedSubscription = Schemas['CreatedSubscriptionDto'] & { signingSecret: string };
export type RotatedSecret = Schemas['RotatedSecretDto'];
/** One row of the audit trail (`GET /webhooks/audit`). */
export type AuditEntry = Schemas['AuditEntryDto'];
/** `GET /subscriptions/:id/stats?hours=N`: the entries created in the window. */
export type EndpointStats = Schemas['EndpointStatsDto'];
/** `POST /subscriptions/:id/test`: the receiver's answer, or why there was none. */
export type TestDeliveryResult = Schemas['TestDeliveryResultDto'];
/** `POST /events/recover`: the task (null for a dry run) and how many entries match. */
export type RecoverResult = Schemas['RecoverResultDto'];
/** `GET /tasks/:id`. */
export type Task = Schemas['TaskDto'];
/** Entries of one bar of a chart (or of its whole period), by what became of them. */
export type ChartCounts = Schemas['ChartCountsDto'];
/** `GET …/chart`: entries of the last 24 hours by hour, or of the last 30 days by day. */
export type DeliveryChart = Schemas['DeliveryChartDto'];
/** `GET /events/changes`: what the live log draws after each poll. */
export type EventChanges = Schemas['EventChangesDto'];
/** Entries last sent to `from`, whose endpoint's URL is now `to` (a 409's `urlChanges`). */
export type UrlChange = Schemas['UrlChangeDto'];
