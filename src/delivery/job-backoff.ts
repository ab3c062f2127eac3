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
 * When a job comes back after it was handed back to Bull. A job is handed back only when its
 * endpoint has every slot taken and freed none lately, i.e. hangs: it comes back after 2 s,
 * doubling each time it finds the endpoint still saturated, up to 10 s (a hanging endpoint frees
 * its slots only as its requests time out, so asking more often is wasted work), with jitter to
 * spread the returns. Any other failure of the worker itself (database down, say):
 * exponential up to 30 s. The job keeps its id meanwhile, so the recovery sweep sees it still
 * queued and does not add another.
 */
export function deliveryBackoff(attemptsMade: number, err?: Error): number {
  if (err instanceof EndpointSaturatedError || err?.name === 'EndpointSaturatedError') {
    const base = Math.min(10_000, 2000 * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 3));
    return Math.round(base * (1 + Math.random() * 0.5));
  }
  return Math.min(30_000, 250 * 2 ** Math.min(attemptsMade, 8));
}
