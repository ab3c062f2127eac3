import { Webhook } from 'standardwebhooks';
import { WebhooksPublisher } from '../src';
import { generateSigningSecret } from '../src/crypto/secret-box';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { rebindingLookup } from './support/table-lookup';
import { createSubscription, startTestApp, subscribe, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

// Every connection here goes to the loopback receiver, through names the injected resolver
// answers: `allowed.test` (whitelisted) and `rebind.test`, whose only public answer is the
// one the save-time check gets. Nothing ever connects to the public address.
describe('destination policy and signatures at send time (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhooks: WebhooksPublisher;
  const lookup = rebindingLookup();
  const rebindAnswers = () => lookup.calls.filter((name) => name === 'rebind.test').length;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({
      webhooks: {
        allowPrivateNetworks: false,
        allowedHosts: ['allowed.test'],
        lookup,
        retryDelaysSeconds: [0.3, 0.3],
        deliveryTimeoutMs: 2000,
      },
    });
    webhooks = t.app.get(WebhooksPublisher);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const entry = async (id: string) =>
    (await t.dataSource.query('SELECT * FROM webhook_deliveries WHERE id = ?', [id]))[0];
  const attemptsOf = (id: string) =>
    t.dataSource.query('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt', [id]);
  const settled = (id: string) =>
    waitUntil(
      async () => ['succeeded', 'failed'].includes((await entry(id))?.status) && entry(id),
      `entry ${id} to settle`,
    );
  /** Publishes and returns the id of the entry for one subscription (others may be subscribed too). */
  const publishFor = async (subscriptionId: string, payload: Record<string, unknown>) => {
    const { eventId } = await webhooks.publish('report_signed', payload);
    const [row] = await t.dataSource.query(
      'SELECT id FROM webhook_deliveries WHERE event_id = ? AND subscription_id = ?',
      [eventId, subscriptionId],
    );
    return row.id as string;
  };
  const requestsTo = (path: string) => receiver.requests.filter((r) => r.url === path);
  const url = (host: string, path: string) => `http://${host}:${receiver.port}${path}`;

  const expectBlocked = async (deliveryId: string, path: string) => {
    const e = await settled(deliveryId);
    // Failed for good after one attempt: no retry is scheduled.
    expect(e).toMatchObject({
      status: 'failed',
      attempt_count: 1,
      last_error: 'destination blocked',
      last_response_status: null,
      next_attempt_at: null,
    });
    const attempts = await attemptsOf(deliveryId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ error: 'destination blocked', response_status: null });
    expect(requestsTo(path)).toHaveLength(0);
  };

  it('delivers to a whitelisted internal receiver (the control: the same receiver is reachable)', async () => {
    const subId = await subscribe(t, url('allowed.test', '/control'));
    expect((await settled(await publishFor(subId, { reportId: 'R-control' }))).status).toBe('succeeded');
    expect(requestsTo('/control')).toHaveLength(1);
  });

  it('blocks DNS rebinding: public when the URL was checked, loopback when connecting', async () => {
    const subId = await subscribe(t, url('rebind.test', '/rebind'));
    expect(rebindAnswers()).toBe(1); // the save-time check used the public answer
    await expectBlocked(await publishFor(subId, { reportId: 'R-rebind' }), '/rebind');
    expect(rebindAnswers()).toBeGreaterThan(1); // the send resolved again and got loopback
    await t.http.delete(`/webhooks/subscriptions/${subId}`).set(bearer(TOKENS.admin));
  });

  it('blocks an IP literal in a private range at send time (a URL stored before the policy applied)', async () => {
    const subId = await subscribe(t, url('allowed.test', '/literal'));
    await t.dataSource.query('UPDATE webhook_subscriptions SET url = ? WHERE id = ?', [
      receiver.url('/literal'),
      subId,
    ]);
    await expectBlocked(await publishFor(subId, { reportId: 'R-literal' }), '/literal');
    await t.http.delete(`/webhooks/subscriptions/${subId}`).set(bearer(TOKENS.admin));
  });

  describe('signing secret rotation', () => {
    const verifies = (secret: string, req: { body: string; headers: any }) => {
      try {
        new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    };

    it('a receiver verifies with either secret during the window, and only the new one after it', async () => {
      const sub = await createSubscription(t, { url: url('allowed.test', '/rotation'), events: ['report_signed'] });
      const subId = sub.id;
      const rotated = await t.http.post(`/webhooks/subscriptions/${subId}/rotate-secret`).set(bearer(TOKENS.admin));
      expect(rotated.status).toBe(200);
      const [oldSecret, newSecret] = [sub.signingSecret, rotated.body.signingSecret as string];

      expect((await settled(await publishFor(subId, { reportId: 'R-window' }))).status).toBe('succeeded');
      const inWindow = requestsTo('/rotation')[0];
      expect(String(inWindow.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(oldSecret, inWindow)).toBe(true);
      expect(verifies(newSecret, inWindow)).toBe(true);
      expect(verifies(generateSigningSecret(), inWindow)).toBe(false);

      // The window ends: only the new secret signs.
      await t.dataSource.query('UPDATE webhook_subscriptions SET previous_secret_expires_at = ? WHERE id = ?', [
        new Date(Date.now() - 1000),
        subId,
      ]);
      expect((await settled(await publishFor(subId, { reportId: 'R-after' }))).status).toBe('succeeded');
      const afterWindow = requestsTo('/rotation')[1];
      expect(String(afterWindow.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(newSecret, afterWindow)).toBe(true);
      expect(verifies(oldSecret, afterWindow)).toBe(false);
    });
  });
});
