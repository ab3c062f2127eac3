/**
 * What the audit trail records. Subscriptions: changes made through the API. `event.viewed`: a
 * detail that returned a payload was read. `endpoint.disabled` is written with actor `system`
 * when the module deactivates an endpoint on its own. `link.created` / `link.revoked`: an admin's
 * integrator links; `link.used` (actor `link:<id>`): a link was used (once per 5 quiet minutes).
 * @publicApi
 */
export const AUDIT_ACTIONS = [
  'subscription.created',
  'subscription.updated',
  'subscription.deleted',
  'subscription.secret_rotated',
  'subscription.tested',
  'event.viewed',
  'events.resent',
  'events.recovered',
  'events.redirected',
  'payload.expunged',
  'endpoint.disabled',
  'endpoint.enabled',
  'link.created',
  'link.revoked',
  'link.used',
] as const;

/** @publicApi */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Actor of what the module does on its own (an endpoint disabled after repeated failures).
 * @publicApi
 */
export const SYSTEM_ACTOR = 'system';

/** Delivery ids kept on one audit row; `count` holds the full number. */
export const MAX_AUDIT_DELIVERY_IDS = 100;
