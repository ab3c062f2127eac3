import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { WebhooksPublisher } from '../src';
import { WEBHOOKS_QUEUE } from '../src/webhooks.constants';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

const LIMITS = {
  windowSeconds: 120,
  user: { requests: 3, entries: 5 },
  admin: { requests: 4, entries: 1000 },
};

describe('per-caller limits on resend and recover (real MariaDB, Redis, receiver; two instances, Express and Fastify)', () => {
  let t: TestApp;
  let second: TestApp;
  let receiver: Receiver;
  let queue: Queue;
  let entries: string[];
  let subscriptionId: string;
  const since = new Date(Date.now() - 60_000).toISOString();

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { callerLimits: LIMITS } });
    // A second instance of the same app: same database, same Redis and Bull prefix; on Fastify.
    second = await startTestApp({
      adapter: 'fastify',
      databaseUrl: t.databaseUrl,
      bullPrefix: t.bullPrefix,
      webhooks: { encryptionKey: t.encryptionKey, callerLimits: LIMITS, processDeliveries: false },
    });
    queue = t.app.get(getQueueToken(WEBHOOKS_QUEUE));
    receiver = await Receiver.start();
    ({ id: subscriptionId } = await createSubscription(t, {
      url: receiver.url('/limits'),
      events: ['report_signed'],
      userIds: ['alice'],
    }));
    const webhooks = t.app.get(WebhooksPublisher);
    entries = [];
    for (let i = 0; i < 8; i++)
      entries.push(...(await webhooks.publish('report_signed', { reportId: `R-${i}` })).deliveryIds);
    await waitUntil(() => receiver.requests.length >= 8, 'the first attempts');
  });
  afterAll(async () => {
    await second.close();
    await t.close();
    await receiver.close();
  });
  // Each test starts with fresh budgets.
  beforeEach(async () => {
    const keys = await queue.client.keys(queue.toKey('caller-limits:*'));
    if (keys.length) await queue.client.del(...keys);
  });

  const resend = (app: TestApp, ids: string[], token: string = TOKENS.user) =>
    app.http.post('/webhooks/events/resend').set(bearer(token)).send({ ids });
  const recover = (app: TestApp, body: Record<string, unknown>, token: string = TOKENS.user) =>
    app.http
      .post('/webhooks/events/recover')
      .set(bearer(token))
      .send({ since, subscriptionId, status: 'succeeded', ...body });
  const auditRows = async (action: string) =>
    Number(
      (await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_audit WHERE action = ?', [action]))[0].n as string,
    );
  const taskRows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_tasks'))[0].n);
  const jobsFor = async (id: string) =>
    (await queue.getJobs(['waiting', 'delayed', 'active'])).filter((j) => j?.data?.deliveryId === id).length;
  const attemptCountOf = async (id: string) =>
    (await t.http.get(`/webhooks/events/${id}`).set(bearer(TOKENS.admin))).body.attemptCount as number;
  const settled = () =>
    waitUntil(async () => {
      const counts = await queue.getJobCounts();
      return counts.waiting + counts.active + counts.delayed === 0;
    }, 'the queue to be idle');

  const expectRefused = (res: { status: number; headers: Record<string, string>; body: any }, message: RegExp) => {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.windowSeconds);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(res.body.message).toMatch(message);
  };

  it('a Webhook User past the entries limit gets 429 with Retry-After; the refused entries are neither queued nor audited', async () => {
    await settled();
    const resentBefore = await auditRows('events.resent');
    expect((await resend(t, entries.slice(0, 2))).status).toBe(202);
    // The second instance counts against the same budget: 2 + 3 = 5 entries.
    expect((await resend(second, entries.slice(2, 5))).status).toBe(202);
    await settled();
    const before = await attemptCountOf(entries[5]);

    const refused = await resend(t, [entries[5]]);
    expectRefused(
      refused,
      /^This request would queue 1 entry, and 0 of the 5 a Webhook User may queue in 2 min are left: try again in \d+ s, or ask for fewer$/,
    );
    expect(await auditRows('events.resent')).toBe(resentBefore + 2);
    expect(await jobsFor(entries[5])).toBe(0);
    expect(await attemptCountOf(entries[5])).toBe(before);
    const sent = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 300)); // a queued job would be sent by now
    expect(receiver.requests.length).toBe(sent);
  });

  it('a request asking for more entries than a whole window allows says so', async () => {
    const res = await resend(t, entries.slice(0, 6));
    expectRefused(res, /^This request would queue 6 entries, more than the 5 a Webhook User may queue in 2 min: ask/);
    // Refused entries go back to the budget: a smaller request still passes.
    expect((await resend(t, entries.slice(0, 5))).status).toBe(202);
  });

  it('a Webhook User past the requests limit gets 429, on either instance, for resend and recover alike', async () => {
    expect((await resend(t, [entries[0]])).status).toBe(202);
    expect((await resend(second, [entries[1]])).status).toBe(202);
    expect((await recover(t, { dryRun: true })).status).toBe(200); // a dry run queues nothing and is free
    expect((await recover(second, { eventType: 'report_corrected' })).status).toBe(202); // matches none, but starts a task
    const tasks = await taskRows();
    const recovered = await auditRows('events.recovered');

    const refused = await recover(t, {});
    expectRefused(
      refused,
      /^Too many resend and recover requests: a Webhook User may make 3 in 2 min; try again in \d+ s$/,
    );
    expect(await taskRows()).toBe(tasks);
    expect(await auditRows('events.recovered')).toBe(recovered);
    expectRefused(await resend(second, [entries[2]]), /^Too many resend and recover requests/);
    // Another caller has a budget of their own.
    expect((await resend(t, [entries[2]], TOKENS.admin)).status).toBe(202);
  });

  it('a recover whose task would pass the entries limit is refused whole: no task, no audit row', async () => {
    const tasks = await taskRows();
    const recovered = await auditRows('events.recovered');
    const res = await recover(t, {});
    expectRefused(res, /^This request would queue \d+ entries, more than the 5 a Webhook User may queue/);
    expect(await taskRows()).toBe(tasks);
    expect(await auditRows('events.recovered')).toBe(recovered);
  });

  it("a Webhook Admin's limit applies too", async () => {
    for (let i = 0; i < LIMITS.admin.requests; i++)
      expect((await resend(i % 2 ? second : t, [entries[i]], TOKENS.admin)).status).toBe(202);
    expectRefused(
      await resend(t, [entries[6]], TOKENS.admin),
      /^Too many resend and recover requests: a Webhook Admin may make 4 in 2 min; try again in \d+ s$/,
    );
  });
});
