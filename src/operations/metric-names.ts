import type { DisabledReason } from '../persistence/webhook-subscription.entity';

/** Metric names and label values: fixed sets only, never a URL or an id (bounded series). */
export const METRICS = {
  published: 'webhooks_published_total',
  filtered: 'webhooks_events_filtered_total',
  attempts: 'webhooks_attempts_total',
  exhausted: 'webhooks_deliveries_exhausted_total',
  attemptDuration: 'webhooks_attempt_duration_seconds',
  dueLag: 'webhooks_due_lag_seconds',
  endpointsDisabled: 'webhooks_endpoints_disabled_total',
} as const;

export const ATTEMPT_OUTCOMES = ['succeeded', 'failed', 'timeout', 'network_error', 'blocked'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Why an endpoint was deactivated: it answered 410 Gone, or it kept failing. */
export const DISABLED_REASONS: readonly DisabledReason[] = ['gone', 'failing'];

/** Attempt durations up to the 10 s default limit, and past it for hosts that raise it. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The outcome label of an attempt, from what the sender reported. */
export function outcomeOf(result: {
  ok: boolean;
  status: number | null;
  error: string | null;
  final?: boolean;
}): AttemptOutcome {
  if (result.ok) return 'succeeded';
  if (result.error === 'destination blocked') return 'blocked';
  if (result.error === 'timeout') return 'timeout';
  // A non-2xx answer, or a failure on our side no retry mends (a stored value that cannot be opened).
  return result.status !== null || result.final ? 'failed' : 'network_error';
}
