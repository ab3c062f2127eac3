/**
 * The vendor's schedule: after the n-th failed attempt of a run (1-based), wait
 * `delaysSeconds[n - 1]` and try again; when the delays are used up the entry has failed.
 * Returns the wait in milliseconds, or null when no attempt is left.
 */
export function retryDelayMs(failedAttemptsInRun: number, delaysSeconds: readonly number[]): number | null {
  const delay = delaysSeconds[failedAttemptsInRun - 1];
  return delay === undefined ? null : Math.round(delay * 1000);
}

/** What started an attempt, derived from the entry's counters before the attempt. */
export function attemptTrigger(attemptCount: number, runAttempts: number): 'initial' | 'retry' | 'resend' {
  if (attemptCount === 0) return 'initial';
  return runAttempts > 0 ? 'retry' : 'resend';
}
