import { Pool } from 'undici';
import { payload1KiB } from '../support/payload';
import { sleep, until, wallNow } from '../support/stats';

/** The example app's trigger route, as the lab's domain code would be driven (admin demo token). */
const TRIGGER = {
  path: '/lab/events/report_signed',
  method: 'POST' as const,
  headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json' },
};

export interface LoadResult {
  /** Triggers answered 202. */
  accepted: number;
  /** Triggers answered otherwise, or that failed on the wire. */
  failed: number;
  /** ms from the first request to the last answer. */
  elapsedMs: number;
}

/** The load generator: an undici pool towards the example app's API. */
export class TriggerLoad {
  private readonly pool: Pool;
  private seq = 0;

  constructor(baseUrl: string, connections: number) {
    this.pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** One trigger; its payload carries `emittedAt` (for trigger-to-receive latency). True on 202. */
  async trigger(emittedAt = wallNow()): Promise<boolean> {
    try {
      const res = await this.pool.request({ ...TRIGGER, body: JSON.stringify(payload1KiB(this.seq++, emittedAt)) });
      await res.body.dump();
      return res.statusCode === 202;
    } catch {
      return false;
    }
  }

  /** Closed loop: `concurrency` callers, each sends its next trigger when the last one is answered. */
  async closedLoop(concurrency: number, seconds: number): Promise<LoadResult> {
    const start = wallNow();
    const end = start + seconds * 1000;
    let accepted = 0;
    let failed = 0;
    const caller = async () => {
      while (wallNow() < end) {
        if (await this.trigger()) accepted++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, caller));
    return { accepted, failed, elapsedMs: wallNow() - start };
  }

  /**
   * Open loop: one trigger every 1/rate s on a fixed schedule whatever the app's pace; each
   * payload's `emittedAt` is its scheduled time, so a slow app shows up as latency
   * (no coordinated omission).
   */
  async openLoop(rate: number, seconds: number): Promise<LoadResult> {
    const interval = 1000 / rate;
    const limit = Math.ceil(rate * seconds);
    const start = wallNow() + 20;
    let accepted = 0;
    let failed = 0;
    let pending = 0;
    let sent = 0;
    while (sent < limit) {
      const now = wallNow();
      for (let due = start + sent * interval; due <= now && sent < limit; due = start + sent * interval) {
        pending++;
        void this.trigger(due).then((ok) => {
          if (ok) accepted++;
          else failed++;
          pending--;
        });
        sent++;
      }
      await sleep(1);
    }
    await until(() => pending === 0, 120_000, 'open-loop triggers');
    return { accepted, failed, elapsedMs: wallNow() - start };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
