import type { Pool } from 'mysql2/promise';
import { WEBHOOK_EVENT_TYPES } from '../../src';
import { wallNow } from './stats';

const DAY_MS = 86_400_000;
const CHUNK = 50_000;

export interface LogDataSpec {
  rows: number;
  /** Entries are spread evenly (newest to oldest) between these ages. */
  newestDaysAgo: number;
  oldestDaysAgo: number;
  /** Round-robin owners of the entries. */
  subscriptionIds: string[];
  /** Also one attempt row per entry (what a purge has to delete too). */
  withAttempts: boolean;
}

/**
 * Fills the event log with INSERT ... SELECT over MariaDB's sequence tables, 50 000 rows a
 * statement: 1 KiB payloads, UUIDv7-shaped ids whose timestamp is the entry's created_at (so
 * id order is time order, as for the engine's own ids). Returns the rows per second written.
 */
export async function generateLog(pool: Pool, spec: LogDataSpec): Promise<number> {
  const conn = await pool.getConnection();
  const start = wallNow();
  try {
    await conn.query("SET time_zone = '+00:00'");
    const newest = Date.now() - spec.newestDaysAgo * DAY_MS;
    const stepMs = ((spec.oldestDaysAgo - spec.newestDaysAgo) * DAY_MS) / spec.rows;
    const subs = spec.subscriptionIds.map((id) => conn.escape(id)).join(', ');
    const types = WEBHOOK_EVENT_TYPES.map((t) => conn.escape(t)).join(', ');
    for (let from = 1; from <= spec.rows; from += CHUNK) {
      const to = Math.min(spec.rows, from + CHUNK - 1);
      // seq -> (at, id): deterministic, so the attempts statement finds the same ids again.
      const rows = `
        SELECT seq, FROM_UNIXTIME(ms / 1000) AS at,
          CONCAT(SUBSTR(h, 1, 8), '-', SUBSTR(h, 9, 4), '-7', LPAD(LOWER(HEX(seq MOD 4096)), 3, '0'), '-',
            LOWER(HEX(8 + seq MOD 4)), LPAD(LOWER(HEX((seq * 2654435761) MOD 4096)), 3, '0'), '-', LPAD(LOWER(HEX(seq)), 12, '0')) AS id
        FROM (SELECT seq, ${newest} - FLOOR(seq * ${stepMs}) AS ms, LPAD(LOWER(HEX(${newest} - FLOOR(seq * ${stepMs}))), 12, '0') AS h
              FROM seq_${from}_to_${to}) t`;
      await conn.query(`
        INSERT INTO webhook_deliveries (id, event_id, event_type, subscription_id, url, payload, status,
          attempt_count, run_attempts, last_response_status, created_at, updated_at)
        SELECT id, id, ELT(1 + seq MOD ${WEBHOOK_EVENT_TYPES.length}, ${types}), ELT(1 + seq MOD ${spec.subscriptionIds.length}, ${subs}),
          'http://127.0.0.1:9/hook',
          CONCAT('{"reportId":"R-', seq, '","patient":{"name":"Jane Roe","mrn":"MRN-', seq, '"},"notes":"', REPEAT('x', 940), '","eventType":"report_signed"}'),
          IF(seq MOD 50 = 0, 'failed', 'succeeded'), 1, 1, IF(seq MOD 50 = 0, 500, 204), at, at
        FROM (${rows}) g`);
      if (spec.withAttempts) {
        // One attempt per entry; its id is the entry's with one digit changed (unique, same shape).
        await conn.query(`
          INSERT INTO webhook_attempts (id, delivery_id, attempt, \`trigger\`, started_at, duration_ms, request_headers, response_status, response_headers, response_body)
          SELECT CONCAT(LEFT(id, 24), 'f', SUBSTR(id, 26)), id, 1, 'initial', at, 5,
            '{"content-type":"application/json","webhook-id":"msg_x","webhook-timestamp":"0","webhook-signature":"v1,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=","x-webhook-event":"report_signed","x-webhook-attempt":"1"}',
            204, '{"date":"Sat, 28 Nov 2026 12:00:00 GMT","connection":"keep-alive"}', ''
          FROM (${rows}) g`);
      }
    }
    await conn.query('ANALYZE TABLE webhook_deliveries, webhook_attempts');
    return (spec.rows * 1000) / (wallNow() - start);
  } finally {
    conn.release();
  }
}
