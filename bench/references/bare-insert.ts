import type { Pool } from 'mysql2/promise';
import { v7 as uuidv7 } from 'uuid';
import { BODY_1KIB } from '../support/payload';
import { wallNow } from '../support/stats';

const BATCH = 500;

/** Bare multi-row INSERTs (500 rows a statement, one connection) into webhook_deliveries: rows per second. */
export async function bareInsertRate(pool: Pool, n: number): Promise<number> {
  const subscriptionId = uuidv7();
  const start = wallNow();
  for (let i = 0; i < n; i += BATCH) {
    const now = new Date();
    const rows = Array.from({ length: Math.min(BATCH, n - i) }, () => [
      uuidv7(),
      uuidv7(),
      'report_signed',
      subscriptionId,
      'http://127.0.0.1:9/hook',
      BODY_1KIB,
      'pending',
      now,
      now,
      now,
    ]);
    await pool.query(
      'INSERT INTO webhook_deliveries (id, event_id, event_type, subscription_id, url, payload, status, next_attempt_at, created_at, updated_at) VALUES ?',
      [rows],
    );
  }
  const rate = (n * 1000) / (wallNow() - start);
  await pool.query('DELETE FROM webhook_deliveries WHERE subscription_id = ?', [subscriptionId]);
  return rate;
}
