import { DelayReason } from '../persistence/webhook-attempt.entity';

/** Statuses whose `Retry-After` is honoured: the receiver asks to be left alone for a while. */
const HONOURED = new Set([429, 503]);

/** The wait before the next attempt, and why it is that long. */
export interface NextDelay {
  delayMs: number;
  reason: DelayReason;
}

/**
 * A `Retry-After` value in ms from `now`: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`); null when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a weekday and GMT; anything else is not one of the two forms.
  if (!/^[A-Za-z]{3},? .*GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The next attempt waits the later of the schedule and the receiver's `Retry-After` (on a 429
 * or 503 only), the header capped at `capSeconds`, so a receiver cannot park an entry for days.
 */
export function nextDelay(
  scheduledMs: number,
  response: { status: number | null; headers: Record<string, string> | null },
  capSeconds: number,
  now = Date.now(),
): NextDelay {
  if (response.status === null || !HONOURED.has(response.status)) return { delayMs: scheduledMs, reason: 'schedule' };
  const asked = parseRetryAfter(response.headers?.['retry-after'], now);
  if (asked === null) return { delayMs: scheduledMs, reason: 'schedule' };
  const cap = capSeconds * 1000;
  const granted = Math.min(asked, cap);
  if (granted <= scheduledMs) return { delayMs: scheduledMs, reason: 'schedule' };
  return { delayMs: granted, reason: asked > cap ? 'retry-after-capped' : 'retry-after' };
}
