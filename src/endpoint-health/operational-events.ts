import { DisabledReason } from '../persistence/webhook-subscription.entity';

/**
 * Names of the events the module emits on the host's `EventEmitter2`, so the host can e-mail
 * or page someone. Each is emitted once per occurrence, by the one instance whose conditional
 * UPDATE made the change. Payloads never hold an event's payload or a secret.
 * @publicApi
 */
export const WEBHOOKS_OPERATIONAL_EVENTS = {
  endpointDisabled: 'webhooks.endpoint.disabled',
  deliveryExhausted: 'webhooks.delivery.exhausted',
  endpointRecovered: 'webhooks.endpoint.recovered',
  certificateExpiring: 'webhooks.endpoint.certificate_expiring',
} as const;

/** `webhooks.endpoint.disabled`: the module deactivated an endpoint. @publicApi */
export interface EndpointDisabledEvent {
  subscriptionId: string;
  url: string;
  /** `gone`: it answered 410; `failing`: its entries kept failing for `disableAfterFailingHours`. */
  reason: DisabledReason;
  /** When its entries began to end `failed` (null for a 410 out of the blue). */
  failingSince: Date | null;
}

/** `webhooks.delivery.exhausted`: an entry ended `failed` with its retry schedule used up. @publicApi */
export interface DeliveryExhaustedEvent {
  deliveryId: string;
  subscriptionId: string;
  eventType: string;
  /** Why the last attempt failed: `HTTP 500`, `timeout`, ... */
  lastError: string | null;
}

/** `webhooks.endpoint.recovered`: the first success after entries of the endpoint ended `failed`. @publicApi */
export interface EndpointRecoveredEvent {
  subscriptionId: string;
  url: string;
}

/**
 * `webhooks.endpoint.certificate_expiring`: an endpoint's client certificate expires within 30
 * days (or has expired); at most once a day per endpoint, across instances. @publicApi
 */
export interface CertificateExpiringEvent {
  subscriptionId: string;
  url: string;
  /** The certificate's subject (`CN=..., O=...`) and serial number (hex): which one to renew. */
  subject: string;
  serial: string;
  notAfter: Date;
  /** Whole days left (negative once expired: its attempts fail until it is replaced). */
  daysLeft: number;
}
