import { WebhooksPublisher } from '../src';
import { WebhooksClock } from '../src/common/webhooks-clock';
import { SNAPSHOT_MAX_AGE_MS } from '../src/filters/active-subscriptions.service';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { RestartableRedis } from './support/restartable-redis';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/**
 * Publishing keeps the active subscriptions in memory (one read, not one per publish). A change
 * made through one instance must reach the publishes of every other instance on the same
 * database and Redis within a second, and its own publishes at once.
 */
describe('subscription changes across instances (two apps on one MariaDB and Redis)', () => {
  let receiver: Receiver;
  let a: TestApp;
  let b: TestApp;
  const FRESH_WITHIN_MS = 1000;

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      res.statusCode = req.url.startsWith('/gone') ? 410 : 204;
      res.end();
    });
    a = await startTestApp({ webhooks: { processDeliveries: false } });
    b = await startTestApp({
      databaseUrl: a.databaseUrl,
      bullPrefix: a.bullPrefix,
      webhooks: { encryptionKey: a.encryptionKey }, // B also delivers (and deactivates endpoints)
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await receiver.close();
  });

  /** Entries one publish of `report_signed` on instance A writes (one per matching subscription). */
  const publishOnA = async () =>
    (await a.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1', projectTemplateId: 'PT-1' }))
      .deliveryIds.length;

  /**
   * Publishes on A until it writes `expected` entries; fails if that takes more than a second
   * from the moment the change returned on B.
   */
  async function seenOnA(expected: number): Promise<void> {
    const changedAt = Date.now();
    let entries = -1;
    while (Date.now() - changedAt <= FRESH_WITHIN_MS) {
      entries = await publishOnA();
      if (entries === expected) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(
      `instance A still wrote ${entries} entries (expected ${expected}) ${FRESH_WITHIN_MS} ms after the change`,
    );
  }

  it('create, deactivate, reactivate, narrow and delete on B are seen by A within a second', async () => {
    expect(await publishOnA()).toBe(0); // A now holds "no subscriptions"
    const { id } = await createSubscription(b, { url: receiver.url('/b'), events: ['report_signed'] });
    await seenOnA(1);

    const patch = (body: object) =>
      b.http.patch(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).send(body).expect(200);
    await patch({ active: false });
    await seenOnA(0);
    await patch({ active: true });
    await seenOnA(1);
    await patch({ projectTemplateId: 'PT-2' }); // no longer matches the payload's PT-1
    await seenOnA(0);
    await patch({ projectTemplateId: null });
    await seenOnA(1);
    await b.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).expect(204);
    await seenOnA(0);
  });

  it("a change on A is seen by A's very next publish", async () => {
    expect(await publishOnA()).toBe(0);
    const created = await createSubscription(a, { url: receiver.url('/a'), events: ['report_signed'] });
    expect(await publishOnA()).toBe(1);
    await a.http.patch(`/webhooks/subscriptions/${created.id}`).set(bearer(TOKENS.admin)).send({ active: false });
    expect(await publishOnA()).toBe(0);
  });

  it("an endpoint B's worker deactivates (it answered 410) stops matching on A within a second", async () => {
    expect(await publishOnA()).toBe(0);
    const created = await createSubscription(b, { url: receiver.url('/gone'), events: ['report_signed'] });
    await seenOnA(1); // that publish's entry goes to B's worker, which gets the 410
    await waitUntil(async () => {
      const [row] = await a.dataSource.query('SELECT active FROM webhook_subscriptions WHERE id = ?', [created.id]);
      return Number(row.active) === 0;
    }, 'the endpoint deactivated');
    await seenOnA(0);
  });

  it(`a row changed by hand (no change message) stops matching once the copy is ${SNAPSHOT_MAX_AGE_MS} ms old`, async () => {
    expect(await publishOnA()).toBe(0);
    const created = await createSubscription(b, { url: receiver.url('/by-hand'), events: ['report_signed'] });
    await seenOnA(1);
    await a.dataSource.query('UPDATE webhook_subscriptions SET active = 0 WHERE id = ?', [created.id]);
    // Nobody announced the change: A still holds its copy...
    expect(await publishOnA()).toBe(1);
    // ...until it is too old: A's clock moved on by the age limit, rather than waited for.
    const clock = jest.spyOn(a.app.get(WebhooksClock), 'now');
    try {
      clock.mockImplementation(() => Date.now() + SNAPSHOT_MAX_AGE_MS);
      expect(await publishOnA()).toBe(0);
    } finally {
      clock.mockRestore();
    }
  }, 30_000);
});

describe('subscription changes missed while Redis was down (a private redis-server, restarted)', () => {
  let redis: RestartableRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await new RestartableRedis().start();
    t = await startTestApp({ redisUrl: redis.url, webhooks: { processDeliveries: false } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const publish = async () =>
    (await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' })).deliveryIds.length;

  it('the copy is dropped when the Redis connection comes back, before it would expire', async () => {
    const created = await createSubscription(t, { url: 'http://127.0.0.1:9/hook', events: ['report_signed'] });
    expect(await publish()).toBe(1);
    const copiedAt = Date.now();
    await redis.stop();
    // Changed while no message could reach anyone.
    await t.dataSource.query('UPDATE webhook_subscriptions SET active = 0 WHERE id = ?', [created.id]);
    await redis.start();
    let entries = 1;
    while (entries !== 0 && Date.now() - copiedAt < SNAPSHOT_MAX_AGE_MS - 500) {
      await new Promise((r) => setTimeout(r, 100));
      entries = await publish();
    }
    expect(entries).toBe(0);
  }, 30_000);
});
