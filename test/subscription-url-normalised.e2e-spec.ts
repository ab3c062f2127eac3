import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/** A URL is stored and shown in the form the sender connects to, not as typed. */
describe('subscription URLs, normalised (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), Receiver.start()]);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('circled digits and a backslash before @: stored, shown and logged as the sender reads them', async () => {
    const port = receiver.port;
    const created = await createSubscription(t, {
      url: `http://①②⑦.0.0.1:${port}\\@partner.example/hook`,
      events: ['report_signed'],
    });
    const sent = `http://127.0.0.1:${port}/@partner.example/hook`;
    expect(created.url).toBe(sent);
    const shown = await t.http.get(`/webhooks/subscriptions/${created.id}`).set(bearer(TOKENS.admin));
    expect(shown.body.url).toBe(sent);
    const [row] = await t.dataSource.query('SELECT url FROM webhook_subscriptions WHERE id = ?', [created.id]);
    expect(row.url).toBe(sent);

    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' });
    await receiver.waitFor(1);
    expect(receiver.requests[0].url).toBe('/@partner.example/hook');
    const entry = await waitUntil(async () => {
      const res = await t.http.get(`/webhooks/events/${deliveryIds[0]}`).set(bearer(TOKENS.admin));
      return res.body.status === 'succeeded' && res.body;
    }, 'the delivery');
    expect(entry.url).toBe(sent);

    const patched = await t.http
      .patch(`/webhooks/subscriptions/${created.id}`)
      .set(bearer(TOKENS.admin))
      .send({ url: `HTTP://127.0.0.1:${port}/a/../b` });
    expect(patched.status).toBe(200);
    expect(patched.body.url).toBe(`http://127.0.0.1:${port}/b`);
  });
});
