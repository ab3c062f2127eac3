import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, statusOf, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('each attempt records its URL; resend and recover to a changed URL need confirming (real MariaDB, Redis, receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let subscriptionId: string;
  let first: string;
  let second: string;
  let oldUrl: string;
  let newUrl: string;
  const since = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { retryDelaysSeconds: [] } });
    receiver = await Receiver.start();
    oldUrl = receiver.url('/old-lis');
    newUrl = receiver.url('/new-lis');
    ({ id: subscriptionId } = await createSubscription(t, {
      url: oldUrl,
      events: ['report_signed'],
      userIds: ['alice'],
    }));
    const webhooks = t.app.get(WebhooksPublisher);
    [first] = (await webhooks.publish('report_signed', { reportId: 'R-1' })).deliveryIds;
    [second] = (await webhooks.publish('report_signed', { reportId: 'R-2' })).deliveryIds;
    await waitUntil(
      async () => (await statusOf(t, first)) === 'succeeded' && (await statusOf(t, second)) === 'succeeded',
      'both delivered',
    );
    await t.http
      .patch(`/webhooks/subscriptions/${subscriptionId}`)
      .set(bearer(TOKENS.admin))
      .send({ url: newUrl })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const detail = async (id: string) => (await t.http.get(`/webhooks/events/${id}`).set(bearer(TOKENS.admin))).body;
  const auditRows = (action: string) =>
    t.dataSource.query(
      'SELECT delivery_ids, count, url_changes, actor_id FROM webhook_audit WHERE action = ? ORDER BY id',
      [action],
    );
  const sentTo = (path: string) => receiver.requests.filter((r) => r.url === path).length;

  it('a resend of an entry last sent to the old URL is a 409 naming both URLs, and queues and audits nothing', async () => {
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.user))
      .send({ ids: [first] });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      `1 entry was last sent to ${oldUrl}, and its endpoint's URL is now ${newUrl}. Nothing was queued: to send it to the new URL, repeat the request with "confirmNewUrl": true`,
    );
    expect(res.body.urlChanges).toEqual([{ from: oldUrl, to: newUrl, count: 1 }]);
    expect(await auditRows('events.resent')).toEqual([]);
    expect(await auditRows('events.redirected')).toEqual([]);
    expect((await detail(first)).attemptCount).toBe(1);
    expect(sentTo('/new-lis')).toBe(0);
  });

  it('confirmed, it goes to the new URL; each attempt shows where it went, and the change is audited with both URLs', async () => {
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.user))
      .send({ ids: [first], confirmNewUrl: true });
    expect(res.status).toBe(202);
    await waitUntil(
      async () => (await detail(first)).attemptCount === 2 && (await statusOf(t, first)) === 'succeeded',
      'the resend',
    );
    expect(sentTo('/new-lis')).toBe(1);
    const d = await detail(first);
    expect(d.attempts.map((a: any) => [a.attempt, a.trigger, a.url])).toEqual([
      [1, 'initial', oldUrl],
      [2, 'resend', newUrl],
    ]);
    expect(d.url).toBe(newUrl);
    const [row] = await auditRows('events.redirected');
    expect(row.actor_id).toBe('alice');
    expect(JSON.parse(row.delivery_ids)).toEqual([first]);
    expect(JSON.parse(row.url_changes)).toEqual([{ from: oldUrl, to: newUrl, count: 1 }]);
    const audit = await t.http.get('/webhooks/audit').query({ action: 'events.redirected' }).set(bearer(TOKENS.admin));
    expect(audit.body.items[0].urlChanges).toEqual([{ from: oldUrl, to: newUrl, count: 1 }]);
    // An entry already at the new URL needs no confirming.
    expect(
      (
        await t.http
          .post('/webhooks/events/resend')
          .set(bearer(TOKENS.user))
          .send({ ids: [first] })
      ).status,
    ).toBe(202);
  });

  it('a recover that takes entries last sent elsewhere is a 409 until confirmed, then audited', async () => {
    const body = { since, subscriptionId, status: 'succeeded' };
    await waitUntil(async () => (await statusOf(t, first)) === 'succeeded', 'the entry to settle');
    const refused = await t.http.post('/webhooks/events/recover').set(bearer(TOKENS.user)).send(body);
    expect(refused.status).toBe(409);
    expect(refused.body.urlChanges).toEqual([{ from: oldUrl, to: newUrl, count: 1 }]);
    expect(await auditRows('events.recovered')).toEqual([]);
    const tasks = await t.dataSource.query('SELECT id FROM webhook_tasks');
    expect(tasks).toEqual([]);

    const res = await t.http
      .post('/webhooks/events/recover')
      .set(bearer(TOKENS.user))
      .send({ ...body, confirmNewUrl: true });
    expect(res.status).toBe(202);
    expect(res.body.matched).toBe(2);
    const rows = await auditRows('events.redirected');
    expect(rows).toHaveLength(2);
    // The resend's row (the test before), then the recover's: a task names no entry ids.
    const change = [{ from: oldUrl, to: newUrl, count: 1 }];
    expect(
      rows.map((r: any) => ({
        ...r,
        delivery_ids: JSON.parse(r.delivery_ids),
        url_changes: JSON.parse(r.url_changes),
      })),
    ).toEqual([
      { delivery_ids: [first], count: 1, url_changes: change, actor_id: 'alice' },
      { delivery_ids: [], count: 1, url_changes: change, actor_id: 'alice' },
    ]);
    await waitUntil(async () => (await detail(second)).attemptCount === 2, 'the recovered entry to be sent');
    expect((await detail(second)).attempts.map((a: any) => a.url)).toEqual([oldUrl, newUrl]);
  });

  it("an attempt recorded before URLs were kept shows its entry's url", async () => {
    await t.dataSource.query('UPDATE webhook_attempts SET url = NULL WHERE delivery_id = ? AND attempt = 1', [second]);
    const d = await detail(second);
    expect(d.url).toBe(newUrl);
    expect(d.attempts[0].url).toBe(d.url);
  });
});
