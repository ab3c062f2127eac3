import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { createTestDatabase } from './support/database';
import { bearer, REDIS_URL } from './support/env';
import { freePort, startExampleProcess, stopProcess } from './support/example-process';
import { Receiver } from './support/receiver';
import { testEncryptionKey } from './support/test-app';
import { waitUntil } from './support/wait';

const ADMIN = bearer('admin-token');

// The deployment of docs/deployment.md: API-only instances (`npm start` with
// WEBHOOKS_PROCESS_DELIVERIES=false) and delivery workers (`npm run worker`), all real processes
// on one MariaDB database and one Bull prefix.
describe('scale-out: two API-only instances and two workers (child processes)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Awaited<ReturnType<typeof createConnection>>;
  let receiver: Receiver;
  const apis: string[] = [];
  const children: ChildProcess[] = [];
  const workers: ChildProcess[] = [];
  let env: Record<string, string>;

  const count = async (where: string) => {
    const [rows] = await sql.query(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE ${where}`);
    return Number((rows as { n: number }[])[0].n);
  };
  const startWorker = async () => {
    const w = await startExampleProcess('worker.ts', { ...env, WORKER_PORT: '0' }, 'Delivery worker running');
    children.push(w);
    workers.push(w);
    return w;
  };
  /** Publishes `n` events through the APIs in turn, 20 requests at a time; returns their event ids. */
  const publish = async (n: number, tag: string) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, n - i) }, (_, j) =>
          request(apis[(i + j) % apis.length])
            .post('/lab/events/report_signed')
            .set(ADMIN)
            .send({ reportId: `${tag}-${i + j}` }),
        ),
      );
      for (const res of batch) {
        expect(res.status).toBe(202);
        ids.push(res.body.eventId);
      }
    }
    return ids;
  };
  const byWebhookId = () => {
    const counts = new Map<string, number>();
    for (const r of receiver.requests)
      counts.set(String(r.headers['webhook-id']), (counts.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    // A slow-ish receiver keeps attempts in flight, so a killed worker has some.
    receiver = await Receiver.start(
      '127.0.0.1',
      (_req, res) => void setTimeout(() => ((res.statusCode = 204), res.end()), 30),
    );
    db = await createTestDatabase();
    sql = await createConnection({ uri: db.url });
    env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      BULL_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      WEBHOOKS_ENCRYPTION_KEY: testEncryptionKey(),
      WEBHOOKS_TIMEOUT_MS: '2000',
    };
    // The first instance runs the migrations alone; then the others start side by side.
    const ports = [await freePort(), await freePort()];
    const api = (port: number) =>
      startExampleProcess(
        'main.ts',
        { ...env, PORT: String(port), WEBHOOKS_PROCESS_DELIVERIES: 'false' },
        'Lab app on',
      );
    children.push(await api(ports[0]));
    const started = await Promise.all([api(ports[1]), startWorker(), startWorker()]);
    children.push(started[0]);
    apis.push(...ports.map((p) => `http://127.0.0.1:${p}`));
    const sub = await request(apis[0])
      .post('/webhooks/subscriptions')
      .set(ADMIN)
      .send({ url: receiver.url('/scale'), events: ['report_signed'] });
    expect(sub.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGTERM')));
    await sql?.end();
    await db?.drop();
    await receiver?.close();
  });

  it('2 000 events published through both APIs: all delivered, none twice, none by an API instance', async () => {
    const ids = await publish(2000, 'a');
    expect(new Set(ids).size).toBe(2000);
    await waitUntil(async () => (await count("status = 'succeeded'")) === 2000, 'all 2000 delivered', 180_000, 500);
    const counts = byWebhookId();
    expect(counts.size).toBe(2000);
    expect(receiver.requests.length).toBe(2000); // zero duplicates
    // The API instances' health says they are up (their probe, with no credentials).
    for (const api of apis) expect((await request(api).get('/health')).status).toBe(200);
  }, 400_000);

  it('a worker killed with SIGKILL mid-run: all delivered, duplicates at most its attempts in flight', async () => {
    receiver.requests.length = 0;
    const victim = workers[0];
    const publishing = publish(2000, 'b');
    await receiver.waitFor(300, 180_000);
    const leased = async () =>
      new Map(
        (
          (await sql.query('SELECT id, lease_token FROM webhook_deliveries WHERE lease_token IS NOT NULL'))[0] as any[]
        ).map((r) => [r.id, r.lease_token]),
      );
    await stopProcess(victim, 'SIGKILL');
    const atKill = await leased();
    // The survivor records its attempts within moments; leases still held later are the dead worker's.
    await new Promise((r) => setTimeout(r, 3000));
    const later = await leased();
    const stranded = [...atKill].filter(([id, token]) => later.get(id) === token).length;
    expect(stranded).toBeGreaterThan(0); // the killed worker had attempts in flight
    await publishing;
    await waitUntil(async () => (await count("status = 'succeeded'")) === 4000, 'all 4000 delivered', 240_000, 500);
    const counts = byWebhookId();
    expect(counts.size).toBe(2000);
    const duplicates = receiver.requests.length - counts.size;
    process.stdout.write(
      `scale-out crash: ${stranded} attempts in flight in the killed worker, ${duplicates} duplicate(s)\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(stranded);
  }, 400_000);
});
