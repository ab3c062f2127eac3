import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { WebhooksPublisher } from '../src';
import { freePort } from './support/example-process';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp, testEncryptionKey } from './support/test-app';
import { waitUntil } from './support/wait';
import { startWorker, stopWorker, workerEnv } from './support/worker';

/**
 * How long 2000 deliveries may take on a machine shared with other test runs (load average 15
 * on 2 cores took more than 240 s): these specs prove counts, not speed. Each spec's own time
 * limit is twice this.
 */
const LOADED_MACHINE_MS = 480_000;

const countByStatus = async (t: TestApp) =>
  Object.fromEntries(
    (await t.dataSource.query('SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status')).map((r: any) => [
      r.status,
      Number(r.n),
    ]),
  );

/** Publishes `n` events in batches; returns every delivery id. */
async function burst(webhooks: WebhooksPublisher, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, (_, j) => webhooks.publish('report_signed', { seq: i + j })),
    );
    ids.push(...batch.flatMap((b) => b.deliveryIds));
  }
  return ids;
}

const byWebhookId = (receiver: Receiver) => {
  const counts = new Map<string, number>();
  for (const r of receiver.requests)
    counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
  return counts;
};

describe('nothing lost: Redis flushed, workers killed, several workers (real processes)', () => {
  let receiver: Receiver;
  beforeAll(async () => (receiver = await Receiver.start()));
  afterAll(() => receiver.close());
  beforeEach(() => receiver.reset());

  it('FLUSHALL after publish: every entry is still delivered (recovered from the database)', async () => {
    // A private Redis, so FLUSHALL cannot touch the queues of other test files.
    const port = await freePort();
    const redis: ChildProcess = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const redisUrl = `redis://127.0.0.1:${port}`;
    const client = await waitUntil(async () => {
      const c = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      return c.connect().then(
        () => c,
        () => (c.disconnect(), null),
      );
    }, 'private redis');
    const encryptionKey = testEncryptionKey();
    const publisher = await startTestApp({ redisUrl, webhooks: { encryptionKey, processDeliveries: false } });
    try {
      await createSubscription(publisher, { url: receiver.url('/flush'), events: ['report_signed'] });
      const ids = await burst(publisher.app.get(WebhooksPublisher), 200);
      expect(Number(await client.llen(`${publisher.bullPrefix}:lab-webhooks-delivery:wait`))).toBe(200);
      await client.flushall();
      expect(await client.dbsize()).toBe(0);
      const worker = await startTestApp({
        databaseUrl: publisher.databaseUrl,
        redisUrl,
        bullPrefix: publisher.bullPrefix,
        webhooks: { encryptionKey, recoveryIntervalMs: 300, recoveryGraceMs: 0 },
      });
      try {
        await waitUntil(async () => (await countByStatus(publisher)).succeeded === 200, 'all 200 delivered', 30_000);
        const counts = byWebhookId(receiver);
        expect(counts.size).toBe(200);
        expect(ids).toHaveLength(200);
      } finally {
        await worker.close();
      }
    } finally {
      await publisher.close();
      client.disconnect();
      redis.kill('SIGKILL');
    }
  }, 90_000);

  describe('worker processes on one queue', () => {
    let publisher: TestApp;
    let env: Record<string, string>;
    const workerOptions = {
      deliveryTimeoutMs: 2000,
      recoveryIntervalMs: 1000,
      recoveryGraceMs: 1000,
      perEndpointConcurrency: 10,
      concurrency: 20,
    };

    beforeEach(async () => {
      publisher = await startTestApp({ webhooks: { processDeliveries: false } });
      env = workerEnv(publisher, workerOptions);
      await createSubscription(publisher, { url: receiver.url('/burst'), events: ['report_signed'] });
    });
    afterEach(() => publisher.close());

    it('a worker killed with SIGKILL mid-burst, then restarted: every event arrives, duplicates at most the attempts in flight', async () => {
      // Each answer takes 50 ms, so the worker always has attempts on the wire when it is killed
      // (an instant answer lets a fast machine kill a worker with nothing in flight, and then the
      // bound below proves nothing). The attempt limit is far above 50 ms even on a loaded
      // machine: a timed-out attempt would be sent again, a duplicate not caused by the kill.
      receiver.handler = async (_req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        res.statusCode = 204;
        res.end();
      };
      const killEnv = workerEnv(publisher, { ...workerOptions, deliveryTimeoutMs: 10_000 });
      let worker = await startWorker(killEnv);
      const ids = await burst(publisher.app.get(WebhooksPublisher), 2000);
      await receiver.waitFor(400, 120_000);
      await stopWorker(worker, 'SIGKILL');
      const atKill = receiver.requests.length;
      // The attempts in flight at the kill: claimed (leased) by the dead worker, never recorded.
      const [{ leased }] = await publisher.dataSource.query(
        'SELECT COUNT(*) AS leased FROM webhook_deliveries WHERE lease_token IS NOT NULL',
      );
      const inFlight = Number(leased);
      expect(atKill).toBeLessThan(2000);
      expect(inFlight).toBeGreaterThan(0);
      worker = await startWorker(killEnv);
      try {
        // The killed worker's leases and Bull locks expire first (about 30 s), then its attempts run again.
        await waitUntil(
          async () => (await countByStatus(publisher)).succeeded === 2000,
          'all 2000 delivered',
          LOADED_MACHINE_MS,
          500,
        );
      } finally {
        await stopWorker(worker, 'SIGTERM');
      }
      const counts = byWebhookId(receiver);
      const expected = new Set(ids.map((id) => `msg_${id.replace(/-/g, '')}`));
      expect([...counts.keys()].filter((k) => expected.has(k))).toHaveLength(2000);
      const duplicates = receiver.requests.length - counts.size;
      process.stdout.write(
        `crash test: ${atKill} requests before SIGKILL, ${inFlight} attempts in flight, ${receiver.requests.length} requests in all, ${duplicates} duplicate(s)\n`,
      );
      expect(inFlight).toBeLessThanOrEqual(workerOptions.concurrency);
      expect(duplicates).toBeLessThanOrEqual(inFlight);
      const [{ n }] = await publisher.dataSource.query('SELECT COUNT(*) AS n FROM webhook_attempts');
      expect(Number(n)).toBe(2000);
    }, 960_000);

    it('two workers on one queue: 2000 events, each delivered once', async () => {
      // A time limit above any answer time of a loaded machine: an attempt that timed out after
      // the receiver got it would be sent again, a duplicate that says nothing about the queue.
      const patient = { ...env, WEBHOOKS_OPTIONS: JSON.stringify({ ...workerOptions, deliveryTimeoutMs: 10_000 }) };
      const workers = await Promise.all([startWorker(patient), startWorker(patient)]);
      try {
        await burst(publisher.app.get(WebhooksPublisher), 2000);
        await waitUntil(
          async () => (await countByStatus(publisher)).succeeded === 2000,
          'all 2000 delivered',
          LOADED_MACHINE_MS,
          500,
        );
      } finally {
        await Promise.all(workers.map((w) => stopWorker(w, 'SIGTERM')));
      }
      const counts = byWebhookId(receiver);
      expect(counts.size).toBe(2000);
      const failures = await publisher.dataSource.query(
        'SELECT error, COUNT(*) AS n FROM webhook_attempts WHERE error IS NOT NULL GROUP BY error',
      );
      expect(failures).toEqual([]);
      expect(receiver.requests.length - counts.size).toBe(0);
    }, 960_000);
  });
});
