import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import Redis from 'ioredis';
import { WebhooksService } from '../src';
import { bearer, REDIS_URL, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { startTestApp, testEncryptionKey, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';
import { startWorker, stopWorker } from './support/worker';

const countByStatus = async (t: TestApp) =>
  Object.fromEntries(
    (await t.dataSource.query('SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status')).map((r: any) => [r.status, Number(r.n)]),
  );

/** Publishes `n` events in batches; returns every delivery id. */
async function burst(webhooks: WebhooksService, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, j) => webhooks.publish('report_signed', { seq: i + j })));
    ids.push(...batch.flatMap((b) => b.deliveryIds));
  }
  return ids;
}

const byWebhookId = (receiver: Receiver) => {
  const counts = new Map<string, number>();
  for (const r of receiver.requests) counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
  return counts;
};

async function freePort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  srv.close();
  return port;
}

describe('nothing lost: Redis flushed, workers killed, several workers (real processes)', () => {
  let receiver: Receiver;
  beforeAll(async () => (receiver = await Receiver.start()));
  afterAll(() => receiver.close());
  beforeEach(() => (receiver.requests.length = 0));

  it('FLUSHALL after publish: every entry is still delivered (recovered from the database)', async () => {
    // A private Redis, so FLUSHALL cannot touch the queues of other test files.
    const port = await freePort();
    const redis: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const redisUrl = `redis://127.0.0.1:${port}`;
    const client = await waitUntil(async () => {
      const c = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      return c.connect().then(() => c, () => (c.disconnect(), null));
    }, 'private redis');
    const encryptionKey = testEncryptionKey();
    const publisher = await startTestApp({ redisUrl, webhooks: { encryptionKey, processDeliveries: false } });
    try {
      await publisher.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send({ url: receiver.url('/flush'), events: ['report_signed'] });
      const ids = await burst(publisher.app.get(WebhooksService), 200);
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
});
