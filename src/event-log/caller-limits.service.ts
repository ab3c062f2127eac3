import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS, WEBHOOKS_QUEUE } from '../webhooks.constants';
import { CallerLimitExceededError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';

/**
 * @deprecated use `CallerLimitExceededError` (services throw domain errors; the module answers 429 with `Retry-After`).
 * @publicApi
 */
export const CallerLimitExceededException = CallerLimitExceededError;
/**
 * @deprecated use `CallerLimitExceededError`
 * @publicApi
 */
export type CallerLimitExceededException = CallerLimitExceededError;

/** The 429 of resend and recover, for the OpenAPI document. */
export const CALLER_LIMIT_RESPONSE = {
  description:
    "The caller's resend/recover budget (option `callerLimits`) is spent; `Retry-After` says in how many seconds to try again. Nothing is queued",
  headers: { 'Retry-After': { description: 'Seconds until the window starts afresh', schema: { type: 'integer' } } },
};

interface RoleLimiters {
  role: 'Webhook Admin' | 'Webhook User';
  requests: RateLimiterRedis;
  entries: RateLimiterRedis;
}

/**
 * Per-caller limits on resend and recover (option `callerLimits`): requests and entries per
 * fixed window, one budget for both routes. The counters live in Redis beside the delivery
 * queue (same connection and key prefix), so every instance of the app shares them.
 */
@Injectable()
export class CallerLimitsService {
  private readonly admin: RoleLimiters;
  private readonly user: RoleLimiters;

  constructor(
    @InjectQueue(WEBHOOKS_QUEUE) queue: Queue,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {
    const { windowSeconds, admin, user } = options.callerLimits;
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({
        storeClient: queue.client,
        keyPrefix: queue.toKey(`caller-limits:${name}`),
        points,
        duration: windowSeconds,
      });
    this.admin = {
      role: 'Webhook Admin',
      requests: limiter('admin-requests', admin.requests),
      entries: limiter('admin-entries', admin.entries),
    };
    this.user = {
      role: 'Webhook User',
      requests: limiter('user-requests', user.requests),
      entries: limiter('user-entries', user.entries),
    };
  }

  /**
   * Counts one request and its `entries` against the caller's window, or throws
   * `CallerLimitExceededError` (429) when either is spent. Entries of a refused request are
   * given back; the request itself still counts.
   */
  async take(caller: WebhooksCaller, entries: number): Promise<void> {
    const limits = caller.isAdmin ? this.admin : this.user;
    const { windowSeconds } = this.options.callerLimits;
    const perWindow = { requests: limits.requests.points, entries: limits.entries.points, windowSeconds };
    try {
      await limits.requests.consume(caller.id, 1);
    } catch (err) {
      throw this.refusal(err, (s) => MESSAGES.tooManyRequests(limits.role, perWindow, s));
    }
    if (entries <= 0) return;
    try {
      await limits.entries.consume(caller.id, entries);
    } catch (err) {
      if (err instanceof RateLimiterRes) await limits.entries.reward(caller.id, entries);
      const before = err instanceof RateLimiterRes ? err.consumedPoints - entries : 0;
      const left = Math.max(0, limits.entries.points - before);
      throw this.refusal(err, (s) => MESSAGES.tooManyEntries(limits.role, entries, left, perWindow, s));
    }
  }

  /** Returns entries taken by a request that then queued nothing. */
  async giveBack(caller: WebhooksCaller, entries: number): Promise<void> {
    if (entries > 0) await (caller.isAdmin ? this.admin : this.user).entries.reward(caller.id, entries);
  }

  private refusal(err: unknown, message: (retryAfterSeconds: number) => string): unknown {
    if (!(err instanceof RateLimiterRes)) return err; // Redis failed: not a refusal
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    return new CallerLimitExceededError(message(seconds), seconds);
  }
}
