/**
 * What the live log costs the server: the example app in a process of its own on MariaDB,
 * 100 000 entries in the log, two events published a second (two new entries), and N open pages with "Live" on,
 * each asking `GET /webhooks/events/changes` once a second as the page does (filters, the
 * token of its last poll, the ids of its 50 rows). Reports the app process's CPU (from
 * /proc), the polls' answer times and sizes, against the same span with no page open.
 *
 *   npx ts-node --transpile-only bench/live-log-cost.ts [pages=50] [seconds=60]
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createPool } from 'mysql2/promise';
import { createTestDatabase } from '../test/support/database';
import { REDIS_URL, TEST_USERS, TOKENS } from '../test/support/env';
import { freePort, startExampleProcess, stopProcess } from '../test/support/example-process';
import { Receiver } from '../test/support/receiver';
import { generateLog } from './support/log-data';
import { percentile, sleep, wallNow } from './support/stats';

const PAGES = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 60);
/** USER_HZ: the unit of /proc/<pid>/stat times on Linux. */
const TICK = 100;

/** CPU seconds (user + system) a process has used so far. */
const cpuOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
};

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const receiver = await Receiver.start('127.0.0.1', (_req, res) => void res.end());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await startExampleProcess(
    'main.ts',
    {
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL,
      BULL_PREFIX: `bench-live-${randomBytes(3).toString('hex')}`,
      WEBHOOKS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_USERS: JSON.stringify(TEST_USERS),
    },
    'Lab app on',
  );
  const call = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, {
      ...init,
      headers: { Authorization: `Bearer ${TOKENS.admin}`, 'Content-Type': 'application/json' },
    });
    const text = await res.text();
    return { status: res.status, bytes: text.length, body: text ? JSON.parse(text) : null };
  };
  try {
    const subs: string[] = [];
    for (let i = 0; i < 20; i++)
      subs.push(
        (
          await call('/webhooks/subscriptions', {
            method: 'POST',
            body: JSON.stringify({
              url: receiver.url(`/hook-${i}`),
              events: i ? ['sample_rejected'] : ['report_signed'],
            }),
          })
        ).body.id,
      );
    const pool = createPool({ uri: db.url, connectionLimit: 1 });
    await generateLog(pool, {
      rows: 100_000,
      newestDaysAgo: 0.01,
      oldestDaysAgo: 29,
      subscriptionIds: subs,
      withAttempts: false,
    });
    await pool.end();

    let publishing = true;
    const publisher = (async () => {
      for (let n = 0; publishing; n++) {
        await call('/lab/events/report_signed', { method: 'POST', body: JSON.stringify({ reportId: `R-${n}` }) });
        await sleep(500);
      }
    })();

    const span = async (label: string, pages: number) => {
      const times: number[] = [];
      const sizes: number[] = [];
      let stop = false;
      const page = async () => {
        let after: string | undefined;
        let ids: string[] = [];
        while (!stop) {
          const q = new URLSearchParams({
            limit: '50',
            ...(after ? { after } : {}),
            ...(ids.length ? { ids: ids.join(',') } : {}),
          });
          const t0 = wallNow();
          const r = await call(`/webhooks/events/changes?${q}`);
          times.push(wallNow() - t0);
          sizes.push(r.bytes);
          after = r.body.next;
          ids = [...new Set([...r.body.items.map((e: { id: string }) => e.id), ...ids])].slice(0, 50);
          await sleep(1000);
        }
      };
      // A reference on the same machine at the same time: one first page of the log a second.
      const probe: number[] = [];
      const prober = (async () => {
        while (!stop) {
          const t0 = wallNow();
          await call('/webhooks/events?limit=50');
          probe.push(wallNow() - t0);
          await sleep(1000);
        }
      })();
      const cpu0 = cpuOf(app.pid!);
      const t0 = wallNow();
      const running = Array.from({ length: pages }, (_, i) => sleep((i * 1000) / Math.max(1, pages)).then(page));
      await sleep(SECONDS * 1000);
      stop = true;
      await Promise.all([...running, prober]);
      const cpu = cpuOf(app.pid!) - cpu0;
      const wall = (wallNow() - t0) / 1000;
      console.log(
        `${label}: app CPU ${((cpu / wall) * 100).toFixed(1)} % of one core over ${wall.toFixed(0)} s; ` +
          (pages
            ? `${(times.length / wall).toFixed(1)} polls/s, answer p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, ` +
              `${Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)} bytes a poll`
            : 'no page open') +
          `; a first page of the log meanwhile: p50 ${percentile(probe, 50).toFixed(1)} ms`,
      );
    };
    await span('idle (publishing only)', 0);
    await span(`${PAGES} pages live`, PAGES);
    publishing = false;
    await publisher;
  } finally {
    await stopProcess(app, 'SIGTERM');
    await receiver.close();
    await db.drop();
  }
}
void main();
