/** Name of the module's Bull backoff strategy (registered with its queue). */
export const DELIVERY_BACKOFF = 'lab-webhooks-backoff';

/** Thrown by the worker when an attempt's endpoint has no free slot: the job waits and comes back. */
export class EndpointSaturatedError extends Error {
  constructor() {
    super('endpoint saturated');
    this.name = 'EndpointSaturatedError';
  }
}

/**
 * When a job comes back after it was handed back to Bull: 0.5 to 1 s for a saturated endpoint
 * (jitter spreads the returns), and for any other failure of the worker itself (database down,
 * say) an exponential wait up to 30 s. The job keeps its id meanwhile, so the recovery sweep
 * sees it still queued and does not add another.
 */
export function deliveryBackoff(attemptsMade: number, err?: Error): number {
  if (err instanceof EndpointSaturatedError || err?.name === 'EndpointSaturatedError') return 500 + Math.floor(Math.random() * 500);
  return Math.min(30_000, 250 * 2 ** Math.min(attemptsMade, 8));
}
