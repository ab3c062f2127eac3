// The shapes the module's REST API answers with (see docs/openapi.json).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Caller {
  id: string;
  isAdmin: boolean;
  /** Set when the page was opened from an integrator link: its one endpoint and what it allows. */
  link?: {
    subscriptionId: string;
    url: string;
    allowPayloads: boolean;
    allowResend: boolean;
    expiresAt: string;
  };
}

/** `GET /subscriptions/:id/links`: never a token. */
export interface IntegratorLink {
  id: string;
  note: string | null;
  allowPayloads: boolean;
  allowResend: boolean;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/** A payload path of an event type's schema (`GET /event-types` `fields`). */
export interface EventField {
  path: string;
  types: string[];
  format?: string;
  description?: string;
}

export interface EventType {
  name: string;
  description: string;
  schemaVersion: number | string;
  schema: Record<string, unknown>;
  example: Record<string, unknown>;
  fields: EventField[];
}

export type DeliveryStatus = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'canceled';

export interface EventEntry {
  id: string;
  eventId: string;
  eventType: string;
  subscriptionId: string;
  url: string;
  status: DeliveryStatus;
  attemptCount: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** True once the payload and response bodies were erased on request. */
  payloadExpunged: boolean;
  /** The lab object the event is about (report id…); only for callers who may see the payload. */
  subject?: string | null;
}

export interface Attempt {
  attempt: number;
  trigger: 'initial' | 'retry' | 'resend';
  /** The URL it was sent to. */
  url: string;
  startedAt: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
}

export interface EventDetail extends EventEntry {
  /** null once expunged. */
  payload: Record<string, unknown> | null;
  /** An HL7 v2 endpoint's message as sent (ER7); null otherwise. */
  message: string | null;
  attempts: Attempt[];
}

export interface ResendResult {
  queued: string[];
  notFound: string[];
}

export interface Subscription {
  id: string;
  url: string;
  events: string[];
  username: string | null;
  hasPassword: boolean;
  /** Custom header names; their values are never shown. */
  headers: Record<string, { hasValue: boolean }>;
  description: string | null;
  active: boolean;
  /** `subject`: entries about one lab object are delivered in publish order. */
  ordering: 'none' | 'subject';
  /** The body of each delivery: `json`, `hl7v2` or `fhir-r4`. */
  format?: string;
  /** MSH-5 and MSH-6 of an `hl7v2` endpoint; null for the other formats. */
  hl7?: { receivingApplication: string | null; receivingFacility: string | null } | null;
  /** Payload content and heartbeat of a `fhir-r4` endpoint; null for the other formats. */
  fhir?: { payloadContent: string; heartbeatPeriodSeconds: number | null } | null;
  /** Why the module deactivated it: it answered 410 (`gone`), or its entries kept failing. */
  disabledReason?: 'gone' | 'failing' | null;
  disabledAt?: string | null;
  /** When its entries began to end `failed` with no success since; null while healthy. */
  failingSince?: string | null;
  projectTemplateId: string | null;
  /** Payload condition (MongoDB query subset); null: every event of its types. */
  filter?: Record<string, unknown> | null;
  userIds: string[];
  createdAt: string;
  updatedAt: string;
  /** Fields the server may add (endpoint health, stats): views show them when present. */
  [extra: string]: unknown;
}

export interface CreatedSubscription extends Subscription {
  signingSecret: string;
}

export interface RotatedSecret {
  signingSecret: string;
  previousSecretExpiresAt: string;
}

/** One row of the audit trail (`GET /webhooks/audit`). */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  action: string;
  subscriptionId: string | null;
  deliveryIds: string[];
  count: number;
  /** Names of the fields changed, never their values. */
  changes: string[] | null;
}

/** `GET /subscriptions/:id/stats?hours=N`: the entries created in the window. */
export interface EndpointStats {
  hours: number;
  since: string;
  counts: Record<DeliveryStatus, number>;
  /** succeeded / (succeeded + failed); null when none ended either way. */
  successRate: number | null;
  lastSuccessAt: string | null;
  failingSince: string | null;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
}

/** `POST /subscriptions/:id/test`: the receiver's answer, or why there was none. */
export interface TestDeliveryResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
}

/** `POST /events/recover`: the task (null for a dry run) and how many entries match. */
export interface RecoverResult {
  taskId: string | null;
  matched: number;
}

/** `GET /tasks/:id`. */
export interface Task {
  id: string;
  kind: 'recover';
  status: 'running' | 'completed' | 'failed';
  total: number;
  queued: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** Entries of one bar of a chart (or of its whole period), by what became of them. */
export interface ChartCounts {
  succeeded: number;
  failed: number;
  waiting: number;
  canceled: number;
}

/** `GET …/chart`: entries of the last 24 hours by hour, or of the last 30 days by day. */
export interface DeliveryChart {
  period: '24h' | '30d';
  bucket: 'hour' | 'day';
  since: string;
  until: string;
  buckets: (ChartCounts & { start: string })[];
  totals: ChartCounts;
}

/** `GET /events/changes`: what the live log draws after each poll. */
export interface EventChanges {
  reset: boolean;
  items: EventEntry[];
  nextCursor: string | null;
  changed: EventEntry[];
  next: string;
}
