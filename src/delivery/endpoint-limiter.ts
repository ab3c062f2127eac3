/**
 * Counts attempts in flight per endpoint (origin) in this process, so that a slow or hanging
 * endpoint holds at most `limit` of the worker's slots and the others keep flowing. A caller
 * may wait a little for a slot: a fast endpoint frees one within milliseconds, a hanging one
 * does not, and its attempt is then put back on the queue instead of holding a slot.
 */
export class EndpointLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  /** Takes a slot, waiting at most `maxWaitMs` for one; false when none came free. */
  async acquire(endpoint: string, maxWaitMs = 0): Promise<boolean> {
    if (this.tryAcquire(endpoint)) return true;
    if (maxWaitMs <= 0) return false;
    return new Promise<boolean>((resolve) => {
      const queue = this.waiting.get(endpoint) ?? [];
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

  tryAcquire(endpoint: string): boolean {
    const n = this.inFlight.get(endpoint) ?? 0;
    if (n >= this.limit) return false;
    this.inFlight.set(endpoint, n + 1);
    return true;
  }

  /** Frees a slot; a waiter, if any, takes it over directly. */
  release(endpoint: string): void {
    const q = this.waiting.get(endpoint);
    const next = q?.shift();
    if (q && !q.length) this.waiting.delete(endpoint);
    if (next) return next();
    const n = (this.inFlight.get(endpoint) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(endpoint);
    else this.inFlight.set(endpoint, n);
  }
}
