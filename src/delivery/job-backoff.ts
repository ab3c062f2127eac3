/** Name of the module's Bull backoff strategy (registered with its queue). */
export const DELIVERY_BACKOFF = 'lab-webhooks-backoff';

/** Wait of a job handed back while its endpoint is busy but answering: at most twice this. */
export const BUSY_RETRY_MS = 25;

/**
 * Thrown by the worker when an attempt's endpoint has no free slot: the job waits and comes
 * back. `retryInMs` is set when the endpoint is busy but still answering (it freed a slot just
 * now): the job returns after that instead of the hanging endpoint's 2 s and more.
 */
export class EndpointSaturatedError extends Error {
  constructor(readonly retryInMs?: number) {
    super('endpoint saturated');
    this.name = 'EndpointSaturatedError';
    // A hand-back, not a fault: Bull formats and stores `stack` with every one, and formatting
    // the frames (through source maps, where a host uses them) was a third of its CPU.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** For an endpoint that freed a slot just now: back within tens of milliseconds, with jitter. */
  static busy(): EndpointSaturatedError {
    return new EndpointSaturatedError(Math.round(BUSY_RETRY_MS * (1 + Math.random())));
  }
}

/**
 * When a job comes back after it was handed back to Bull. An endpoint that is busy but answering
 * (every slot taken, one freed just now) gets its job back after the error's `retryInMs`, tens
 * of milliseconds: its slots free up all the time, the job only missed its turn. One that
 * hangs (every slot taken and none freed lately) gets it back after 2 s, doubling with each
 * hand-back of the job (busy ones count too), up to 10 s (a hanging endpoint frees its slots
 * only as its requests time out, so asking more often is wasted work), with jitter to spread
 * the returns. Any other failure of the worker itself (database down, say): exponential up to 30 s.
 * The job keeps its id meanwhile, so the requeue sweep sees it still queued and does not add
 * another.
 */
export function deliveryBackoff(attemptsMade: number, err?: Error): number {
  if (err instanceof EndpointSaturatedError || err?.name === 'EndpointSaturatedError') {
    const busy = (err as EndpointSaturatedError).retryInMs;
    if (busy !== undefined) return busy;
    const base = Math.min(10_000, 2000 * 2 ** Math.min(Math.max(attemptsMade - 1, 0), 3));
    return Math.round(base * (1 + Math.random() * 0.5));
  }
  return Math.min(30_000, 250 * 2 ** Math.min(attemptsMade, 8));
}
