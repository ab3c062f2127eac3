/** An endpoint that freed a slot this recently is answering: waiting for its next slot pays off. */
const ANSWERING_MS = 250;

/** Requests this young may simply not have been answered yet: their endpoint is not hanging. */
const FRESH_MS = 100;

/**
 * Counts requests in flight per endpoint (origin) in this process, so that a slow or hanging
 * endpoint holds at most `limit` of the worker's slots and the others keep flowing. A caller
 * waits for a slot only while the endpoint is answering (it freed a slot in the last 250 ms) or
 * its last request left less than 100 ms ago (it has had no time to answer): a fast endpoint
 * hands its slots on within milliseconds, while a hanging one frees none, so its waiters give up
 * within 100 ms of its slots filling and its next attempts are put back on the queue at once
 * instead of holding worker slots.
 */
export class EndpointLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly lastFreed = new Map<string, number>();
  private readonly lastTaken = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /**
   * Takes a slot, waiting at most `maxWaitMs` for one and only while a slot may come soon (see
   * `mayWaitFor`, checked again whenever it could lapse); false when none came.
   */
  async acquire(endpoint: string, maxWaitMs = 0): Promise<boolean> {
    if (this.tryAcquire(endpoint)) return true;
    if (maxWaitMs <= 0 || !this.mayWaitFor(endpoint)) return false;
    const deadline = Date.now() + maxWaitMs;
    const queue = this.waiting.get(endpoint) ?? [];
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout;
      const grant = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const check = () => {
        const now = Date.now();
        const until = Math.min(deadline, this.waitableUntil(endpoint));
        if (now < until) {
          timer = setTimeout(check, until - now);
          return;
        }
        const q = this.waiting.get(endpoint);
        const i = q?.indexOf(grant) ?? -1;
        if (i >= 0) q!.splice(i, 1);
        if (q && !q.length) this.waiting.delete(endpoint);
        resolve(false);
      };
      timer = setTimeout(check, Math.min(deadline, this.waitableUntil(endpoint)) - Date.now());
      queue.push(grant);
      this.waiting.set(endpoint, queue);
    });
  }

  /** Every slot taken and none likely to come soon: a new attempt would only wait. */
  isHanging(endpoint: string): boolean {
    return (this.inFlight.get(endpoint) ?? 0) >= this.limit && !this.mayWaitFor(endpoint);
  }

  /** It freed a slot in the last 250 ms. */
  isAnswering(endpoint: string): boolean {
    return Date.now() - (this.lastFreed.get(endpoint) ?? 0) <= ANSWERING_MS;
  }

  /** Answering, or its last request left too recently to tell. */
  private mayWaitFor(endpoint: string): boolean {
    return Date.now() <= this.waitableUntil(endpoint);
  }

  private waitableUntil(endpoint: string): number {
    return Math.max((this.lastFreed.get(endpoint) ?? 0) + ANSWERING_MS, (this.lastTaken.get(endpoint) ?? 0) + FRESH_MS);
  }

  tryAcquire(endpoint: string): boolean {
    const n = this.inFlight.get(endpoint) ?? 0;
    if (n >= this.limit) return false;
    this.inFlight.set(endpoint, n + 1);
    this.lastTaken.set(endpoint, Date.now());
    return true;
  }

  /** Frees a slot; a waiter, if any, takes it over directly. */
  release(endpoint: string): void {
    this.lastFreed.set(endpoint, Date.now());
    const q = this.waiting.get(endpoint);
    const next = q?.shift();
    if (q && !q.length) this.waiting.delete(endpoint);
    if (next) return next();
    const n = (this.inFlight.get(endpoint) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(endpoint);
    else this.inFlight.set(endpoint, n);
  }
}
