import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createExampleApp } from '../example/bootstrap';
import { readConfig } from '../example/config';
import { createTestDatabase } from './support/database';
import { bearer, DATABASE_URL } from './support/env';
import { parseMetrics, sample } from './support/prometheus';
import { RestartableRedis } from './support/restartable-redis';
import { TcpProxy } from './support/tcp-proxy';
import { testEncryptionKey } from './support/test-app';
import { waitUntil } from './support/wait';

// The example app on MariaDB through a proxy the test can cut, and on a redis-server of its own.
describe('operations in the example app: /health, /metrics, /queues', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let redis: RestartableRedis;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const server = new URL(DATABASE_URL);
    proxy = await new TcpProxy(server.hostname, Number(server.port || 3306)).start();
    redis = await new RestartableRedis().start();
    const databaseUrl = new URL(db.url);
    databaseUrl.host = `127.0.0.1:${proxy.port}`;
    const config = readConfig({
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redis.url,
      BULL_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      WEBHOOKS_ENCRYPTION_KEY: testEncryptionKey(),
    });
    app = await createExampleApp(config, { logger: false });
    await app.init();
    http = request(app.getHttpServer());
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await proxy?.stop();
    await redis?.stop();
    await db?.drop();
  });

  /** One GET /health that must answer within 3 s (the indicator's own limit is 1 s per store). */
  const health = () => http.get('/health').timeout({ response: 3000, deadline: 3000 });
  /**
   * Waits for /health to answer 200, at most 20 s: a failure shows within the test's own 30 s,
   * not after the waits of every later test add up.
   */
  const healthUp = (what: string) =>
    waitUntil(async () => (await health().catch(() => null))?.status === 200, what, 20_000, 250);

  it('GET /health without credentials: 200, both stores up, queue counts and the oldest due entry', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.webhooks).toEqual({
      status: 'up',
      database: 'up',
      redis: 'up',
      waiting: 0,
      delayed: 0,
      oldestDueAgeSeconds: 0,
    });
  });

  it('counts a retry waiting in the queue as delayed', async () => {
    const port = 9; // discard port: nothing listens, the attempt is refused and a retry is scheduled
    const sub = await http
      .post('/webhooks/subscriptions')
      .set(bearer('admin-token'))
      .send({ url: `http://127.0.0.1:${port}/closed`, events: ['report_signed'] });
    expect(sub.status).toBe(201);
    expect(
      (await http.post('/lab/events/report_signed').set(bearer('admin-token')).send({ reportId: 'R-1' })).status,
    ).toBe(202);
    const res = await waitUntil(
      async () => {
        const r = await health().catch(() => null);
        return r?.body.details?.webhooks?.delayed === 1 ? r : null;
      },
      'the retry to be delayed',
      20_000,
    );
    expect(res.status).toBe(200);
    expect(res.body.details.webhooks).toMatchObject({ waiting: 0, delayed: 1 });
    await http.delete(`/webhooks/subscriptions/${sub.body.id}`).set(bearer('admin-token'));
  });

  it('down within 3 s when Redis stops, up again once it is back', async () => {
    await redis.stop();
    try {
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body.error.webhooks).toMatchObject({ status: 'down', redis: 'down', database: 'up' });
    } finally {
      // Back whatever the checks said, so one failure does not leave the later tests waiting too.
      await redis.start();
    }
    await healthUp('health up after Redis restarted');
  }, 30_000);

  it('down within 3 s when the database is unreachable, up again once it is back', async () => {
    await proxy.stop();
    try {
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body.error.webhooks).toMatchObject({ status: 'down', database: 'down', redis: 'up' });
      expect(JSON.stringify(down.body)).not.toContain(db.name); // no connection detail in the answer
    } finally {
      await proxy.start();
    }
    await healthUp('health up after the database came back');
  }, 30_000);

  it('GET /metrics: Prometheus text with every webhooks metric', async () => {
    const res = await http.get('/metrics').set(bearer('admin-token'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const families = parseMetrics(res.text);
    expect(families.get('webhooks_published_total')?.type).toBe('COUNTER');
    expect(families.get('webhooks_attempts_total')?.type).toBe('COUNTER');
    expect(families.get('webhooks_deliveries_exhausted_total')?.type).toBe('COUNTER');
    expect(families.get('webhooks_attempt_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(families.get('webhooks_due_lag_seconds')?.type).toBe('GAUGE');
    expect(families.get('webhooks_endpoints_disabled_total')?.type).toBe('COUNTER');
    // The global registry of this process: the one event the lab emitted above, refused at least once.
    expect(sample(families, 'webhooks_published_total', { event_type: 'report_signed' })).toBe(1);
    expect(
      sample(families, 'webhooks_attempts_total', { event_type: 'report_signed', outcome: 'network_error' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('/queues: 401 without a caller, 403 for a Webhook User, the board for a Webhook Admin', async () => {
    expect((await http.get('/queues')).status).toBe(401);
    const user = await http.get('/queues').set(bearer('user-token'));
    expect(user.status).toBe(403);
    expect(user.body.message).toBe('Only a Webhook Admin may see the queues');
    expect((await http.get('/queues/api/queues').set(bearer('user-token'))).status).toBe(403);
    const page = await http.get('/queues').set(bearer('admin-token'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await http.get('/queues/api/queues').set(bearer('admin-token'));
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'lab-webhooks-delivery',
      'lab-webhooks-maintenance',
    ]);
  });
});
