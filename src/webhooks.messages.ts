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
