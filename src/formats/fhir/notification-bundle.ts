import { WEBHOOK_EVENT_TYPES } from '../../event-types/event-types';
import type { FhirPayloadContent } from '../../persistence/webhook-subscription.entity';

/** The Subscriptions Backport IG's profiles (R4 representation), version 1.1.0. */
export const STATUS_PROFILE =
  'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4';
export const NOTIFICATION_PROFILE =
  'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4';

export const FHIR_JSON = 'application/fhir+json';

/** What a notification is (the IG's `type`): an `event-notification` and `query-event` carry events. */
export type NotificationType = 'handshake' | 'heartbeat' | 'event-notification' | 'query-status' | 'query-event';

/**
 * The notifications of a `fhir-r4` subscription that carry no event, written to the log as
 * entries of these event types: `handshake` when it is created or re-activated, `heartbeat`
 * when it has been quiet for its `heartbeatPeriodSeconds`.
 */
export const FHIR_NOTICE_TYPES = ['handshake', 'heartbeat'] as const;
export type FhirNoticeType = (typeof FHIR_NOTICE_TYPES)[number];
export const isFhirNotice = (eventType: string): eventType is FhirNoticeType =>
  (FHIR_NOTICE_TYPES as readonly string[]).includes(eventType);

/** The event types an entry of the log may have: the seven events and the FHIR notices. */
export const LOG_EVENT_TYPES = [...WEBHOOK_EVENT_TYPES, ...FHIR_NOTICE_TYPES] as const;

/** What a notice entry stores as its payload: the count when it was written, so retries send the same. */
export interface FhirNoticePayload {
  eventType: FhirNoticeType;
  eventsSinceSubscriptionStart: string;
}

/** The subscription's state as the IG names it. */
export type SubscriptionStatusCode = 'requested' | 'active' | 'error' | 'off';

/** One numbered event of a notification. */
export interface NotificationEvent {
  eventNumber: string;
  timestamp: Date;
  /** Its focus: the resource's type, id and reference (absolute under the base URL, else relative). */
  focus: { resourceType: string; id: string; reference: string; fullUrl: string | null } | null;
  /** The focus resource itself (`full-resource` only). */
  resource?: Record<string, unknown> | null;
}

/** Everything a notification bundle says; the same input gives the same bytes. */
export interface NotificationInput {
  /** The Bundle's id and the status resource's (a UUID: its `fullUrl` is `urn:uuid:<id>`). */
  id: string;
  timestamp: Date;
  /** Reference to the subscription (`<base>/Subscription/<id>`). */
  subscription: string;
  /** The canonical topic URL; null when the answer spans several topics. */
  topic: string | null;
  status: SubscriptionStatusCode;
  type: NotificationType;
  eventsSinceSubscriptionStart: string;
  events: NotificationEvent[];
  payloadContent: FhirPayloadContent;
}

type Parameter = { name: string; [value: string]: unknown };

/** The status `Parameters` (profile backport-subscription-status-r4): entry 0 of every notification. */
export function subscriptionStatus(n: NotificationInput): Record<string, unknown> {
  const parameter: Parameter[] = [{ name: 'subscription', valueReference: { reference: n.subscription } }];
  if (n.topic !== null) parameter.push({ name: 'topic', valueCanonical: n.topic });
  parameter.push(
    { name: 'status', valueCode: n.status },
    { name: 'type', valueCode: n.type },
    // R4 has no integer64: the IG carries the counts as strings.
    { name: 'events-since-subscription-start', valueString: n.eventsSinceSubscriptionStart },
  );
  for (const e of n.events) {
    const part: Parameter[] = [
      { name: 'event-number', valueString: e.eventNumber },
      { name: 'timestamp', valueInstant: e.timestamp.toISOString() },
    ];
    if (e.focus && n.payloadContent !== 'empty')
      part.push({ name: 'focus', valueReference: { reference: e.focus.reference } });
    parameter.push({ name: 'notification-event', part });
  }
  return { resourceType: 'Parameters', id: n.id, meta: { profile: [STATUS_PROFILE] }, parameter };
}

/**
 * A notification `Bundle` of type `history` (profile backport-subscription-notification-r4):
 * entry 0 the status, then for `id-only` and `full-resource` one entry per event's focus
 * (`full-resource`: with the resource). History entries need `request` and `response`: the
 * status one is a read of `$status`, a focus one a read of the resource.
 */
export function notificationBundle(n: NotificationInput): Record<string, unknown> {
  const entry: Record<string, unknown>[] = [
    {
      fullUrl: `urn:uuid:${n.id}`,
      resource: subscriptionStatus(n),
      request: { method: 'GET', url: `${n.subscription}/$status` },
      response: { status: '200' },
    },
  ];
  if (n.payloadContent !== 'empty') {
    for (const e of n.events) {
      if (!e.focus) continue;
      entry.push({
        ...(e.focus.fullUrl === null ? {} : { fullUrl: e.focus.fullUrl }),
        ...(n.payloadContent === 'full-resource' && e.resource ? { resource: e.resource } : {}),
        request: { method: 'GET', url: `${e.focus.resourceType}/${encodeURIComponent(e.focus.id)}` },
        response: { status: '200' },
      });
    }
  }
  return {
    resourceType: 'Bundle',
    id: n.id,
    meta: { profile: [NOTIFICATION_PROFILE] },
    type: 'history',
    timestamp: n.timestamp.toISOString(),
    entry,
  };
}
