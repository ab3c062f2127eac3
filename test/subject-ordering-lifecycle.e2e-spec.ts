import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

const entry = async (t: TestApp, id: string) =>
  (await t.dataSource.query('SELECT status, next_attempt_at, order_seq FROM webhook_deliveries WHERE id = ?', [id]))[0];

/**
 * Resend, deactivation, switching ordering off, and transactions, on an ordered subscription.
 * The receiver refuses every body whose `version` is in `refused`; retries come after 1 s, 30 s.
 */
describe('ordering per subject: resend, deactivation, switch-off, transactions (real MariaDB, Redis)', () => {
  let receiver: Receiver;
  let t: TestApp;
  let subscriptionId: string;
  const refused = new Set<string>();
  const delivered = () =>
    receiver.requests.filter((r) => !refused.has(JSON.parse(r.body).version)).map((r) => JSON.parse(r.body).version);

  beforeAll(async () => {
    receiver = await Receiver.start();
    receiver.handler = (req, res) => {
      res.statusCode = refused.has(JSON.parse(req.body).version) ? 500 : 204;
      res.end();
    };
    t = await startTestApp({ webhooks: { retryDelaysSeconds: [1, 30], recoveryIntervalMs: 600_000 } });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(async () => {
    receiver.requests.length = 0;
    refused.clear();
    await t.dataSource.query('DELETE FROM webhook_subscriptions');
    const res = await createSubscription(t, {
      url: receiver.url(),
      events: ['report_signed', 'report_corrected'],
      ordering: 'subject',
    });
    subscriptionId = res.id;
  });

  const publish = async (reportId: string, version: string) =>
    (await t.app.get(WebhooksPublisher).publish('report_corrected', { reportId, version })).deliveryIds[0];

  /** v1 of the report keeps failing (retrying); v2 waits behind it. */
  const blocked = async (reportId: string) => {
    refused.add(`${reportId}.1`);
    const first = await publish(reportId, `${reportId}.1`);
    const second = await publish(reportId, `${reportId}.2`);
    await waitUntil(async () => (await entry(t, first)).status === 'retrying', 'v1 retrying');
    expect(await entry(t, second)).toMatchObject({ status: 'pending', next_attempt_at: null });
    return [first, second];
  };

  it('resending an old entry sends it on its own: it does not wait, and newer entries do not wait for it', async () => {
    const old = await publish('R-3', 'R-3.1');
    await waitUntil(async () => (await entry(t, old)).status === 'succeeded', 'v1 delivered');
    refused.add('R-3.1'); // the resend of v1 keeps failing
    await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [old] })
      .expect(202);
    await waitUntil(async () => (await entry(t, old)).status === 'retrying', 'resent v1 retrying');
    expect((await entry(t, old)).order_seq).toBeNull();
    const newer = await publish('R-3', 'R-3.2');
    await waitUntil(async () => (await entry(t, newer)).status === 'succeeded', 'v2 delivered despite v1 retrying');
    expect((await entry(t, old)).status).toBe('retrying');
  });

  it('resending the entry a subject waits for takes it out of the order: the next one goes at once', async () => {
    const [first, second] = await blocked('R-4');
    await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [first] })
      .expect(202);
    await waitUntil(async () => (await entry(t, second)).status === 'succeeded', 'v2 released by the resend');
  });

  it('deactivating the endpoint cancels the waiting entries like the rest', async () => {
    const [first, second] = await blocked('R-5');
    await t.http
      .patch(`/webhooks/subscriptions/${subscriptionId}`)
      .set(bearer(TOKENS.admin))
      .send({ active: false })
      .expect(200);
    expect((await entry(t, first)).status).toBe('canceled');
    expect((await entry(t, second)).status).toBe('canceled');
  });

  it('switching ordering to "none" lets the waiting entries go at once', async () => {
    const [first, second] = await blocked('R-6');
    const res = await t.http
      .patch(`/webhooks/subscriptions/${subscriptionId}`)
      .set(bearer(TOKENS.admin))
      .send({ ordering: 'none' });
    expect(res.body.ordering).toBe('none');
    await waitUntil(async () => (await entry(t, second)).status === 'succeeded', 'v2 released by the switch');
    expect((await entry(t, first)).status).toBe('retrying');
  });

  it('two events of one subject in one transaction keep the order of the calls', async () => {
    refused.add('R-8.1');
    const ids = await t.dataSource.transaction(async (manager) => {
      const webhooks = t.app.get(WebhooksPublisher);
      const a = await webhooks.publish('report_signed', { reportId: 'R-8', version: 'R-8.1' }, { manager });
      const b = await webhooks.publish('report_corrected', { reportId: 'R-8', version: 'R-8.2' }, { manager });
      return [...a.deliveryIds, ...b.deliveryIds];
    });
    await waitUntil(async () => (await entry(t, ids[0])).status === 'retrying', 'v1 retrying');
    refused.delete('R-8.1');
    await waitUntil(async () => (await entry(t, ids[1])).status === 'succeeded', 'both delivered', 30_000);
    expect(delivered().filter((v) => v.startsWith('R-8'))).toEqual(['R-8.1', 'R-8.1', 'R-8.2']);
  }, 40_000);

  it('a publish of the same subject in another transaction waits for the first to commit, and goes after it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstId = '';
    const first = t.dataSource.transaction(async (manager) => {
      firstId = (
        await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-9', version: 'a' }, { manager })
      ).deliveryIds[0];
      await held;
    });
    await waitUntil(() => firstId, 'first publish written');
    let secondDone = false;
    const second = t.app
      .get(WebhooksPublisher)
      .publish('report_corrected', { reportId: 'R-9', version: 'b' })
      .then((r) => ((secondDone = true), r.deliveryIds[0]));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false); // blocked on the subject's counter
    release();
    await first;
    const secondId = await second;
    expect(BigInt((await entry(t, secondId)).order_seq)).toBeGreaterThan(BigInt((await entry(t, firstId)).order_seq));
    await waitUntil(async () => (await entry(t, secondId)).status === 'succeeded', 'b delivered');
    expect(delivered().filter((v) => v === 'a' || v === 'b')).toEqual(['a', 'b']);
  });
});
