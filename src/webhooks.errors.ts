import { MESSAGES } from './webhooks.messages';

/**
 * One field at fault in a request: its dotted path and what is wrong, naming the field.
 *
 * @publicApi
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/** At most this many problems are named in one validation error; the rest are counted. */
export const MAX_REPORTED_PROBLEMS = 5;

/**
 * What the module's services refuse, in the caller's words (the messages table). They know
 * nothing of HTTP: `WebhooksErrorFilter`, on the module's controllers, gives each its answer.
 *
 * @publicApi
 */
export abstract class WebhooksError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * No such thing, or not one the caller may see (the same answer: no hint that it exists). HTTP 404.
 *
 * @publicApi
 */
export class WebhooksNotFoundError extends WebhooksError {}

/**
 * The request clashes with the state of things (another task runs, a concurrent change, an
 * expunged payload). HTTP 409; `details` are answered beside the message.
 *
 * @publicApi
 */
export class WebhooksConflictError extends WebhooksError {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * A request that cannot be served as asked. HTTP 400.
 *
 * @publicApi
 */
export class WebhooksBadRequestError extends WebhooksError {}

/**
 * Fields of a request at fault: `problems` names each (the first `MAX_REPORTED_PROBLEMS`, then
 * a count, so a hostile body cannot make a huge answer). HTTP 400 with `details`.
 *
 * @publicApi
 */
export class WebhooksValidationError extends WebhooksBadRequestError {
  readonly problems: FieldProblem[];

  constructor(problems: FieldProblem[], total = problems.length) {
    const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
    const more = total - shown.length;
    const listed = more > 0 ? [...shown, { field: '', message: MESSAGES.moreProblems(more) }] : shown;
    super(listed.map((p) => p.message).join('; '));
    this.problems = listed;
  }
}

/** A validation error for one field: `invalid('url', 'url must use http or https')`. */
export const invalid = (field: string, message: string): WebhooksValidationError =>
  new WebhooksValidationError([{ field, message }]);

/**
 * The caller is known but may not do this (an integrator link without that right). HTTP 403.
 *
 * @publicApi
 */
export class WebhooksForbiddenError extends WebhooksError {}

/**
 * The caller's credential is not valid (an expired or revoked integrator link). HTTP 401.
 *
 * @publicApi
 */
export class WebhooksUnauthorizedError extends WebhooksError {}

/**
 * A caller went past their resend/recover limit (option `callerLimits`). HTTP 429 with
 * `Retry-After` (seconds).
 *
 * @publicApi
 */
export class CallerLimitExceededError extends WebhooksError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
