/** Every message the module shows a host developer or an API caller lives here. */
export const MODULE_NAME = 'WebhooksModule';

export const configError = (option: string, reason: string): string => `${MODULE_NAME}: option "${option}" ${reason}`;

/** A caller's resend/recover budget, for the 429 messages. */
interface CallerLimit {
  requests: number;
  entries: number;
  windowSeconds: number;
}

const entriesOf = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

const window = ({ windowSeconds: s }: CallerLimit) =>
  s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;

export const MESSAGES = {
  noCaller: 'Authentication required',
  noPermission: 'A Webhook Admin or Webhook User permission is required',
  adminOnly: 'Only a Webhook Admin may do this',
  subscriptionNotFound: (id: string) => `Subscription ${id} not found`,
  reversedEventRange: 'eventsUntilNumber must not be below eventsSinceNumber',
  notFhirSubscription: (id: string) => `Subscription ${id} has no FHIR status: its format is not fhir-r4`,
  linkNotFound: (id: string) => `Integrator link ${id} not found`,
  /** One answer for a malformed, unknown, wrong, expired or revoked link: no hint which. */
  linkRefused: 'This integrator link is not valid: it may have expired or been revoked. Ask the lab for a new one.',
  linkNotAllowed: 'An integrator link does not give access to this',
  linkResendNotAllowed: 'This integrator link does not allow resending',
  secretRotatedConcurrently: (id: string) =>
    `The signing secret of subscription ${id} was rotated by another request; try again`,
  eventNotFound: (id: string) => `Event ${id} not found`,
  // Fields of a request at fault (400, each names its field).
  fieldProblem: (field: string, problem: string) => `${field} ${problem}`,
  cursorInvalid: 'cursor must be a cursor returned by a previous page',
  changesTokenInvalid: 'after must be the next token of a previous answer',
  recoverSinceRequired: 'since is required',
  recoverSinceBeforeRetention: (retentionDays: number) =>
    `since must be within the event log's retention (${retentionDays} days)`,
  recoverUntilNotAfterSince: 'until must be after since',
  settingOfOtherFormat: (setting: string, format: string, current: string) =>
    `${setting} applies only to format ${format} (this subscription's format is ${current})`,
  usernameWithoutPassword: 'username cannot be set while password is null',
  passwordRequired: 'password is required when username is set',
  usernameRequired: 'username is required when password is set',
  headerValueMissing: (name: string) => `headers: header "${name}" has no stored value to keep; give its value`,
  headerValueUnopenable: (name: string, keyId: string) =>
    `headers: the stored value of header "${name}" cannot be opened (sealed under key id ${keyId}); give its value again`,
  tlsKeyWithoutCertificate: 'tls.clientKey cannot be given while tls.clientCertificate is null',
  tlsKeyRequired: 'tls.clientKey is required with tls.clientCertificate',
  tlsCertificateRequired: 'tls.clientCertificate is required with tls.clientKey (give both)',
  tlsNeedsHttps: 'tls settings need an https url: there is no TLS on http',
  tlsCaRequired: (trust: string) => `tls.caCertificates is required when tls.trust is '${trust}'`,
  tlsSystemIgnoresCa: "tls.trust 'system' would ignore tls.caCertificates: choose 'custom' or 'system+custom'",
  oauth2SecretRequired: 'oauth2.clientSecret is required',
  oauth2WithBasicAuth:
    'oauth2 cannot be combined with basic auth (username/password): both set the Authorization header',
  noPemCertificate: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
  certificateUnparsable: (n: number, of: number) => `certificate ${n} of ${of} cannot be parsed`,
  bodyTooDeep: (maxDepth: number) => `the request body must not nest more than ${maxDepth} levels`,
  bodyForbiddenKey: (field: string, key: string) => `${field} must not use the key "${key}"`,
  // An OAuth2 token endpoint's refusal, stored as the attempt's error.
  oauth2Refused: (error: string, status: number | null) => `${error} (${status})`,
  oauth2NoToken: (status: number | null) => `no access_token in the answer (${status})`,
  oauth2NotBearer: (tokenType: string, status: number | null) => `token_type ${tokenType} is not Bearer (${status})`,
  sealedValueUnknownKey: (keyId: string) => `${MODULE_NAME}: cannot open a sealed value (key id ${keyId} unknown)`,
  sealedValueMalformed: `${MODULE_NAME}: cannot open a sealed value (malformed)`,
  resealNeedsDatabaseUrl: 'DATABASE_URL must be the mysql:// (or mariadb://) URL of the database the module writes to',
  filterOperatorUnknown: (op: string) => `unknown operator ${op}`,
  // A body format that cannot render an entry: the attempt's error (the entry fails, not retried).
  formatUnavailable: (format: string) => `format ${format} is not available in this version of the module`,
  fhirHookFailed: (hook: string, eventType: string, errorName: string) =>
    `fhir-r4: ${hook} failed for ${eventType} (${errorName})`,
  fhirNoFocus: (eventType: string) => `fhir-r4: focusOf returned no resource type and id for ${eventType}`,
  fhirNoResourceOf: 'fhir-r4: full-resource needs the fhir.resourceOf option',
  fhirWrongResource: (resourceType: string, eventType: string) =>
    `fhir-r4: resourceOf returned no ${resourceType} with the focus's id for ${eventType}`,
  fhirNoEventNumber: 'fhir-r4: the entry was published before the subscription took format fhir-r4 (no event number)',
  hl7NotFinite: (path: string) => `hl7v2: ${path} is not a finite number`,
  hl7NotNumberOrText: (path: string) => `hl7v2: ${path} is neither a number nor text`,
  hl7NotRendered: (eventType: string) => `hl7v2: the ORU^R01 renderer does not render ${eventType}`,
  hl7NotTime: (path: string) => `hl7v2: ${path} is not an ISO 8601 date or date-time`,
  hl7NoRenderer: (eventType: string) => `hl7v2: no renderer for ${eventType}`,
  hl7RendererFailed: (eventType: string, errorName: string) =>
    `hl7v2: the renderer of ${eventType} failed (${errorName})`,
  hl7RendererShape: (eventType: string) =>
    `hl7v2: the renderer of ${eventType} returned no message type or a segment without a valid id (MSH is the module's)`,
  moreProblems: (n: number) => `and ${n} more problems`,
  taskNotFound: (id: string) => `Task ${id} not found`,
  taskRunning: (taskId: string, subscriptionId: string) =>
    `Task ${taskId} is already recovering entries of subscription ${subscriptionId}; wait for it (GET /webhooks/tasks/${taskId})`,
  /** The same refusal for a caller who may not read the other task: no id to look up. */
  taskRunningElsewhere: (subscriptionId: string) =>
    `Another task is already recovering entries of subscription ${subscriptionId}; try again once it has finished`,
  subscriptionInactive: (id: string) =>
    `Subscription ${id} is deactivated; reactivate it (PATCH {"active": true}) before recovering its entries`,
  payloadExpunged: (ids: string[]) =>
    `The payload of ${ids.length === 1 ? `event ${ids[0]} was` : `events ${ids.join(', ')} were`} expunged: there is nothing left to send`,
  tooManyRequests: (role: string, limit: CallerLimit, retryAfterSeconds: number) =>
    `Too many resend and recover requests: a ${role} may make ${limit.requests} in ${window(limit)}; try again in ${retryAfterSeconds} s`,
  tooManyEntries: (role: string, asked: number, left: number, limit: CallerLimit, retryAfterSeconds: number) =>
    asked > limit.entries
      ? `This request would queue ${entriesOf(asked)}, more than the ${limit.entries} a ${role} may queue in ${window(limit)}: ask for fewer (fewer ids, a shorter period)`
      : `This request would queue ${entriesOf(asked)}, and ${left} of the ${limit.entries} a ${role} may queue in ${window(limit)} are left: try again in ${retryAfterSeconds} s, or ask for fewer`,
  /** Stored instead of a response body past the entry's cap (shown as the attempt's body). */
  responseBodyNotStored: (bytes: number, cap: number) =>
    `[Response body not stored: ${bytes} bytes. This entry's attempts keep at most ${cap} bytes of response bodies (option maxStoredResponseBytesPerEntry); the earlier attempts hold them.]`,
  urlChanged: (changes: { from: string; to: string; count: number }[]) =>
    `${changes
      .map(
        (c) =>
          `${c.count} ${c.count === 1 ? 'entry was' : 'entries were'} last sent to ${c.from}, and ${c.count === 1 ? 'its' : 'their'} endpoint's URL is now ${c.to}`,
      )
      .join(
        '; ',
      )}. Nothing was queued: to send ${changes.length === 1 && changes[0].count === 1 ? 'it' : 'them'} to the new URL, repeat the request with "confirmNewUrl": true`,
  /** An attempt's error once its receiver text went with the payload. */
  receiverTextErased: (code: string) =>
    `${code ? `${code} ` : ''}(the receiver's text was erased with the payload)`.trimStart(),
  unknownEventType: (name: string) => `Unknown event type "${name}"`,
  payloadNotObject: 'The payload must be a JSON object',
  payloadInvalid: (schema: string, path: string, rule: string) =>
    `The payload does not follow ${schema}: ${path} breaks the rule ${rule}`,
  payloadTooLarge: (limit: number) => `The payload is larger than ${limit} bytes`,
  requestBodyTooLarge: (limit: number) => `The request body is larger than ${limit} bytes`,
  jsonBodyRequired: 'The request body must be JSON (Content-Type: application/json)',
  crossSiteRefused: 'Cross-site request refused: this request must come from a page of the same site',
  uiDisabled: 'The webhooks page is turned off (option ui)',
  uiAssetsMissing: (dir: string) =>
    `${MODULE_NAME}: the webhooks page's assets are missing from ${dir}; run \`npm run build\`, or set the option ui: false`,
} as const;

/** What is wrong with a module option, after its name (`configError`). */
export const CONFIG_REASONS = {
  notObject: 'must be an object',
  notFunction: 'must be a function',
  positiveInt: (allowZero: boolean) => `must be a ${allowZero ? 'non-negative' : 'positive'} integer`,
  callerLimits: 'must be an object { windowSeconds, user, admin }',
  callerBudget: 'must be an object { requests, entries }',
  eventCatalog: 'must be an object keyed by event name',
  notAnEvent: 'is not one of the seven events',
  eventOverride: "must be { description, schemaVersion, schema, example } or a function of the module's definition",
  retryDelays: 'must be an array of seconds',
  retryDelay: 'must be a non-negative number',
  hours: 'must be a non-negative number of hours',
  allowedHosts: 'must be an array of host names',
  lookup: 'must be a function with the signature of dns.lookup',
  disableAfterFailingHours: 'must be a non-negative number of hours (0 = never)',
  subjectOf: 'must be a function (eventType, payload) => string | number | null',
  boolean: 'must be true or false',
  trustedOrigins: 'must be an array of origins such as https://lis.example.org',
  metrics: "must be true, false or 'auto'",
  metricsRegistry: 'must be a prom-client Registry',
  payloadValidation: "must be 'off', 'warn' or 'reject'",
  keyRequired: 'is required: base64 of 32 random bytes',
  keyLength: (bytes: number) => `must be base64 of exactly 32 bytes (got ${bytes})`,
  schemaNotCompiling: (why: unknown) => `has a schema that does not compile: ${why}`,
  exampleOffSchema: (path: string, rule: string) => `has an example that breaks its schema at ${path} (${rule})`,
  fhirBaseUrl: 'must be an http(s) URL without query or fragment, such as https://lis.example.org/fhir',
  fhirFocusOf: 'must be a function (input) => focus',
  fhirResourceOf: 'must be a function (input) => resource',
  hl7Text: 'must be text of at most 180 characters without | ^ ~ \\ & or control characters',
  hl7ProcessingId: "must be 'P', 'T' or 'D'",
  hl7NotAnEvent: 'is not one of the event types',
  hl7Renderer: 'must be a function (input) => message',
} as const;

/**
 * The module's log lines: one line each, naming the delivery, task or endpoint; never a secret
 * or a payload. `why` is an error's code or message.
 */
export const LOG = {
  certificateCheckFailed: (why: unknown) => `certificate expiry not checked: ${why}`,
  certificateExpiring: (subscriptionId: string, daysLeft: number) =>
    `endpoint ${subscriptionId}: client certificate expires in ${daysLeft} day(s)`,
  listenerFailed: (event: string, why: unknown) => `a listener of ${event} failed: ${why}`,
  healthNotUpdated: (why: unknown) => `endpoint health not updated: ${why}`,
  endpointDeactivated: (subscriptionId: string, reason: string) => `endpoint ${subscriptionId} deactivated (${reason})`,
  taskStopped: (taskId: string, why: unknown) => `task ${taskId} stopped, will resume: ${why}`,
  taskNotQueued: (taskId: string, n: number, why: unknown) =>
    `task ${taskId}: could not queue ${n} entries; the requeue sweep will: ${why}`,
  taskFailed: (taskId: string, error: unknown) => `task ${taskId} failed: ${error}`,
  tlsClientNotClosed: (why: unknown) => `a TLS client did not close cleanly: ${why}`,
  requeued: (n: number) => `requeued ${n} attempt(s) the queue had lost`,
  requeueSweepFailed: (why: unknown) => `requeue sweep failed, will retry: ${why}`,
  workerStopped: (worker: string, why: unknown) => `${worker} worker stopped: ${why}`,
  attemptsNotRecorded: (n: number, deliveryIds: string[], why: unknown) =>
    `could not record ${n} attempt(s) (${deliveryIds.join(', ')}): ${why}`,
  attemptsLost: (deliveryIds: string[]) =>
    `could not record attempt(s) of ${deliveryIds.join(', ')}; their leases expire and they go on`,
  retriesNotQueued: (n: number, why: unknown) => `could not queue ${n} retries; the requeue sweep will: ${why}`,
  attemptFailed: (deliveryId: string, attempt: number, why: unknown, then: string) =>
    `delivery ${deliveryId} attempt ${attempt} failed (${why}); ${then}`,
  nextAttemptIn: (delayMs: number | null, reason: unknown) => `next in ${delayMs} ms (${reason})`,
  subjectsNotReleased: (n: number, why: unknown) => `could not release ${n} subject(s); the requeue sweep will: ${why}`,
  releasedNotQueued: (n: number, why: unknown) =>
    `could not queue ${n} released entries; the requeue sweep will: ${why}`,
  auditPurged: (n: number, days: number) => `Purged ${n} audit rows older than ${days} days`,
  eventLogPurged: (n: number, days: number) => `Purged ${n} event-log entries older than ${days} days`,
  noChangeMessages: (why: unknown, maxAgeMs: number) =>
    `no subscription-change messages yet (${why}); copies expire after ${maxAgeMs} ms`,
  changeNotAnnounced: (why: unknown) => `could not announce a subscription change: ${why}`,
  enqueueAfterCommitFailed: (n: number, why: unknown) =>
    `enqueue after commit failed for ${n} entries; the requeue sweep will queue them: ${why}`,
  payloadOffSchema: (schema: string, path: string, rule: string, more: string) =>
    `payload does not follow ${schema} at ${path} (${rule}); sent anyway${more}`,
  enqueueOfEventFailed: (n: number, eventId: string, why: unknown) =>
    `enqueue failed for ${n} entries of event ${eventId}; the requeue sweep will queue them: ${why}`,
  enqueueFailed: (n: number, why: unknown) =>
    `enqueue failed for ${n} entries; the requeue sweep will queue them: ${why}`,
  metricNotUpdated: (metric: string, why: unknown) => `${metric} not updated: ${why}`,
  heartbeatsNotChecked: (why: unknown) => `heartbeats not checked: ${why}`,
  noticesNotQueued: (n: number, why: unknown) => `could not queue ${n} notice(s); the sweep will: ${why}`,
} as const;

/**
 * Thrown at startup for a bad module option; names the option.
 *
 * @publicApi
 */
export class WebhooksConfigError extends Error {
  constructor(option: string, reason: string) {
    super(configError(option, reason));
    this.name = 'WebhooksConfigError';
  }
}
