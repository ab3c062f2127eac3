import type { LookupFunction } from 'node:net';
import type { EventTypeDefinition } from './event-types/event-catalog';
import type { WebhookEventType } from './event-types/event-types';
import type { FhirOptions, ResolvedFhirOptions } from './formats/fhir/fhir-options';
import type { Hl7v2Options, ResolvedHl7v2Options } from './formats/hl7v2/hl7v2-options';
import type { SubjectOf } from './lab-data/subject-of';

/**
 * The parts of a prom-client `Registry` the module uses; a real `Registry` fits (typed here so
 * hosts without prom-client compile).
 *
 * @publicApi
 */
export interface WebhooksMetricsRegistry {
  getSingleMetric(name: string): unknown;
  registerMetric(metric: any): void;
}

/**
 * The caller as the module sees it; the host authenticates and hands this over.
 *
 * @publicApi
 */
export interface WebhooksPrincipal {
  id: string;
  permissions: string[];
}

/**
 * Options of `WebhooksModule.forRoot` / `forRootAsync`.
 *
 * @publicApi
 */
export interface WebhooksModuleOptions {
  /** Base64 of 32 bytes: seals passwords and signing secrets at rest (AES-256-GCM). Required. */
  encryptionKey: string;
  /** Older keys (base64 of 32 bytes) still accepted for reading sealed values during a key rotation. @default [] */
  previousEncryptionKeys?: string[];
  /** Whole-attempt limit: connect, headers and body. @default 10000 */
  deliveryTimeoutMs?: number;
  /** Delays between attempts after a failure, in seconds. @default [64, 729] */
  retryDelaysSeconds?: number[];
  /** Days an event stays in the event log. @default 30 */
  retentionDays?: number;
  /** How often entries past retention are purged, in ms. @default 3600000 */
  purgeIntervalMs?: number;
  /** Entries deleted per batch by the purge (attempts: up to four times as many). @default 1000 */
  purgeBatchSize?: number;
  /** Permission that sees and manages every endpoint and event. @default 'Webhook Admin' */
  adminPermission?: string;
  /** Permission that sees only assigned endpoints and their events. @default 'Webhook User' */
  userPermission?: string;
  /** Reads the authenticated caller from the request. @default (req) => req.user ?? req.raw?.user (Fastify: set by middleware) */
  principalResolver?: (request: any) => WebhooksPrincipal | null | undefined;
  /** Allow loopback, private and link-local targets. @default false */
  allowPrivateNetworks?: boolean;
  /**
   * Internal receivers allowed despite `allowPrivateNetworks: false`: each entry matches a URL's
   * host name exactly (case-insensitive; an IP literal may be listed too), and skips the address check. @default []
   */
  allowedHosts?: string[];
  /** DNS lookup used when checking and connecting (tests inject one). @default dns.lookup */
  lookup?: LookupFunction;
  /** Hours a rotated-out signing secret keeps signing beside the new one. @default 24 */
  secretRotationOverlapHours?: number;
  /** Largest request body the module's routes accept (413 above), in bytes. @default 1048576 */
  maxRequestBodyBytes?: number;
  /** Largest accepted payload, serialized, in bytes. @default 1048576 */
  maxPayloadBytes?: number;
  /** How much of a receiver's response body is read and kept. @default 65536 */
  responseBodyLimitBytes?: number;
  /**
   * Response-body bytes kept per entry across all its attempts, counted as stored (sealed); an
   * attempt whose body would pass it stores a short marker instead. @default 262144
   */
  maxStoredResponseBytesPerEntry?: number;
  /** Deliveries in flight at once in this process. @default 200 */
  concurrency?: number;
  /** HTTP requests in flight at once to one endpoint (origin), in this process. @default 20 */
  perEndpointConcurrency?: number;
  /**
   * How often the requeue sweep puts due work the queue lost back in it from the database, and
   * recover tasks nobody holds are picked up, in ms. @default 15000
   */
  recoveryIntervalMs?: number;
  /** How long an attempt must be overdue before the requeue sweep re-queues it, in ms. @default 10000 */
  recoveryGraceMs?: number;
  /** Longest wait a receiver's `Retry-After` (on a 429 or 503) can ask for before the next attempt, in seconds. @default 3600 */
  maxRetryAfterSeconds?: number;
  /**
   * Hours an endpoint's entries may keep ending `failed`, with no success in between, before
   * the module deactivates it (`disabledReason: "failing"`); fractions allowed, 0 = never. @default 120
   */
  disableAfterFailingHours?: number;
  /** Whether this instance processes deliveries (false: publish and API only). @default true */
  processDeliveries?: boolean;
  /**
   * The lab object an event is about (report, requisition, sample), searchable with
   * `GET /webhooks/events?subject=`. Stored only as a keyed hash and a sealed copy.
   * @default the first string or number among payload.subject, reportId, requisitionId, sampleId, accessionNumber
   */
  subjectOf?: SubjectOf;
  /** Seal payloads and stored response bodies at rest (AES-256-GCM, like the secrets). @default true */
  encryptPayloads?: boolean;
  /** Days an audit-trail row is kept (apart from the event log's `retentionDays`). @default 2190 */
  auditRetentionDays?: number;
  /** Serve the webhooks page at `/<routePrefix>/ui` (false: those routes answer 404). @default true */
  ui?: boolean;
  /**
   * Origins (`https://lis.example.org`) whose state-changing requests are accepted besides the
   * request's own host, e.g. when a proxy rewrites `Host`. Cross-site requests are refused. @default []
   */
  trustedOrigins?: string[];
  /**
   * Prometheus metrics through the optional peer `prom-client`: `'auto'` counts them when
   * prom-client is installed, `true` requires it (start fails naming the package), `false` counts nothing.
   * @default 'auto'
   */
  metrics?: boolean | 'auto';
  /** Registry the metrics are registered on (a prom-client `Registry`). @default prom-client's global `register` */
  metricsRegistry?: WebhooksMetricsRegistry;
  /**
   * What `publish` does with a payload that breaks its event's schema: `'warn'` logs the path
   * and the rule (never the value) and sends it, `'reject'` throws `WebhookPayloadInvalidError`
   * and writes nothing, `'off'` does not check. @default 'warn'
   */
  payloadValidation?: PayloadValidation;
  /**
   * Replaces or extends the module's event schemas, per event: a whole definition, or a
   * function of the module's one (`(base) => ({ ...base, schemaVersion: '1-acme.1', ... })`).
   * Each schema is compiled at start, and its example must follow it. @default {}
   */
  eventCatalog?: EventCatalogOverrides;
  /**
   * Per-caller limits on `POST /events/resend` and `POST /events/recover` (one budget for
   * both, counted in Redis so that every instance shares it): past either, 429 with `Retry-After`.
   * @default { windowSeconds: 600, user: { requests: 20, entries: 10000 }, admin: { requests: 100, entries: 50000 } }
   */
  callerLimits?: CallerLimitsOptions;
  /** The `hl7v2` format: sending application and facility, and renderers by event type (docs/hl7v2.md). @default {} */
  hl7v2?: Hl7v2Options;
  /** The `fhir-r4` format: the lab's FHIR base URL, and the focus and resource of each event (docs/fhir.md). @default {} */
  fhir?: FhirOptions;
}

/**
 * Resend and recover budget of one caller per window (option `callerLimits`).
 *
 * @publicApi
 */
export interface CallerLimitsOptions {
  /** Length of the window, in seconds; a caller's counts start afresh after it. @default 600 */
  windowSeconds?: number;
  /** A Webhook User's budget per window. @default { requests: 20, entries: 10000 } */
  user?: CallerBudget;
  /** A Webhook Admin's budget per window. @default { requests: 100, entries: 50000 } */
  admin?: CallerBudget;
}

/**
 * Requests, and entries they queue (a resend's visible ids, a recover task's total), per window.
 *
 * @publicApi
 */
export interface CallerBudget {
  /** Resend and recover requests (a dry run and a resend that finds nothing do not count). */
  requests?: number;
  /** Entries queued by them. */
  entries?: number;
}

/**
 * How payloads are checked against their schema at publish.
 *
 * @publicApi
 */
export type PayloadValidation = 'off' | 'warn' | 'reject';

/**
 * The host's replacements of event definitions (option `eventCatalog`).
 *
 * @publicApi
 */
export type EventCatalogOverrides = Partial<
  Record<WebhookEventType, EventTypeDefinition | ((base: EventTypeDefinition) => EventTypeDefinition)>
>;

/**
 * Options with every default applied; what the module's classes read.
 *
 * @publicApi
 */
export type ResolvedWebhooksOptions = Required<
  Omit<WebhooksModuleOptions, 'lookup' | 'metricsRegistry' | 'hl7v2' | 'fhir' | 'callerLimits'>
> &
  Pick<WebhooksModuleOptions, 'lookup' | 'metricsRegistry'> & {
    hl7v2: ResolvedHl7v2Options;
    fhir: ResolvedFhirOptions;
    callerLimits: { windowSeconds: number; user: Required<CallerBudget>; admin: Required<CallerBudget> };
  };
