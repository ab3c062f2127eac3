/** An endpoint whose slots changed hands this recently is moving: waiting for its next slot pays off. */
const MOVING_MS = 250;

/**
 * Counts requests in flight per endpoint (origin) in this process, so that a slow or hanging
 * endpoint holds at most `limit` of the worker's slots and the others keep flowing. A caller
 * waits for a slot only while the endpoint is moving (a slot of it was taken or freed in the last
 * 250 ms): a fast endpoint hands its slots on within milliseconds, while a hanging one frees
 * none, so once its requests are that old its attempts are put back on the queue at once
 * instead of holding worker slots. A slot just taken counts: an endpoint that has not answered
 * yet because its first requests left a moment ago is not hanging.
 */
export class EndpointLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly lastMoved = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Takes a slot, waiting at most `maxWaitMs` for one while the endpoint is moving; false when none came. */
  async acquire(endpoint: string, maxWaitMs = 0): Promise<boolean> {
    if (this.tryAcquire(endpoint)) return true;
    if (maxWaitMs <= 0 || !this.isMoving(endpoint)) return false;
    const queue = this.waiting.get(endpoint) ?? [];
    return new Promise<boolean>((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const q = this.waiting.get(endpoint);
        const i = q?.indexOf(grant) ?? -1;
        if (i >= 0) q!.splice(i, 1);
        if (q && !q.length) this.waiting.delete(endpoint);
        resolve(false);
      }, maxWaitMs);
      queue.push(grant);
      this.waiting.set(endpoint, queue);
    });
  }

  /** Every slot taken, none of them lately, and none freed lately: a new attempt would only wait. */
  isHanging(endpoint: string): boolean {
    return (this.inFlight.get(endpoint) ?? 0) >= this.limit && !this.isMoving(endpoint);
  }

  /** A slot of it was taken or freed in the last 250 ms. */
  isMoving(endpoint: string): boolean {
    return Date.now() - (this.lastMoved.get(endpoint) ?? 0) <= MOVING_MS;
  }

  tryAcquire(endpoint: string): boolean {
    const n = this.inFlight.get(endpoint) ?? 0;
    if (n >= this.limit) return false;
    this.inFlight.set(endpoint, n + 1);
    this.lastMoved.set(endpoint, Date.now());
    return true;
  }

  /** Frees a slot; a waiter, if any, takes it over directly. */
  release(endpoint: string): void {
    this.lastMoved.set(endpoint, Date.now());
    const q = this.waiting.get(endpoint);
    const next = q?.shift();
    if (q && !q.length) this.waiting.delete(endpoint);
    if (next) return next();
    const n = (this.inFlight.get(endpoint) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(endpoint);
    else this.inFlight.set(endpoint, n);
  }
}
