import { Pool } from 'undici';
import { BODY_1KIB } from '../support/payload';
import { wallNow } from '../support/stats';

/** Bare undici POSTs of a 1 KiB JSON body to one receiver, `concurrency` in flight: requests per second. */
export async function barePostRate(url: string, n: number, concurrency: number): Promise<number> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: concurrency, headersTimeout: 10_000, bodyTimeout: 10_000 });
  let sent = 0;
  let failed = 0;
  const worker = async () => {
    while (sent < n) {
      sent++;
      const res = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY_1KIB,
      });
      await res.body.dump();
      if (res.statusCode !== 204) failed++;
    }
  };
  try {
    const start = wallNow();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = wallNow() - start;
    if (failed) throw new Error(`bare POST: ${failed} of ${n} requests were not answered 204`);
    return (n * 1000) / elapsed;
  } finally {
    await pool.close();
  }
}
