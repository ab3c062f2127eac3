/**
 * The seven lab events a subscription can listen to (docs/api.md).
 *
 * @publicApi
 */
export const WEBHOOK_EVENT_TYPES = [
  'requisition_signed_accession',
  'report_signed',
  'report_corrected',
  'sample_rejected',
  'requisition_canceled',
  'report_ready_for_generation',
  'report_correction_ready_for_generation',
] as const;

/**
 * One of the seven event names.
 *
 * @publicApi
 */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * What each event means, as `GET /webhooks/event-types` lists it.
 *
 * @publicApi
 */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  requisition_signed_accession: "A requisition's accession status became signed (requisition form verified).",
  report_signed: 'An initial report, or a regenerated report of type Final, was signed.',
  report_corrected: 'A regenerated report of type Correction was signed (same payload shape as report_signed).',
  sample_rejected: 'A sample was confirmed as rejected.',
  requisition_canceled: 'A requisition was canceled.',
  report_ready_for_generation: 'A report (initial or Final regeneration) was created with status sent-for-generation.',
  report_correction_ready_for_generation: 'A Correction report was regenerated with status sent-for-generation.',
};

const KNOWN = new Set<string>(WEBHOOK_EVENT_TYPES);

/**
 * Whether `name` is one of the seven event names.
 *
 * @publicApi
 */
export function isWebhookEventType(name: unknown): name is WebhookEventType {
  return typeof name === 'string' && KNOWN.has(name);
}

/** Every event type's FHIR R4 topic, a canonical URL (`<base>/SubscriptionTopic/<event type>`). */
export function topicUrl(baseUrl: string | null, eventType: string): string {
  return `${baseUrl ?? TOPIC_BASE}/SubscriptionTopic/${eventType}`;
}

/** Topics' base when the host names no FHIR base URL: a name, not a place to fetch. */
export const TOPIC_BASE = 'urn:lab-webhooks';
