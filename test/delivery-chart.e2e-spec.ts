import { bearer, TOKENS } from './support/env';
import { DAY, insertEntries } from './support/event-log-rows';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

const HOUR = 3600_000;

// The engine is off: a hand-counted log, read back by the chart routes and the stats route.
describe('GET /webhooks/subscriptions/:id/chart and /webhooks/events/chart', () => {
  let t: TestApp;
  let a: string;
  let b: string;
  const now = Date.now();

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { processDeliveries: false } });
    const create = async (path: string, userIds: string[]) =>
      (await createSubscription(t, { url: `http://127.0.0.1:9/${path}`, events: ['report_signed'], userIds })).id;
    a = await create('a', ['alice']);
    b = await create('b', ['bob']);
    await insertEntries(t.dataSource, [
      // a, last 24 hours: 3 succeeded (two in the same hour), 2 failed, 1 pending, 1 retrying, 1 canceled.
      ...[1, 1.2, 5].map((h) => ({ subscriptionId: a, status: 'succeeded' as const, at: now - h * HOUR })),
      ...[10, 23.5].map((h) => ({ subscriptionId: a, status: 'failed' as const, at: now - h * HOUR })),
      { subscriptionId: a, status: 'pending', at: now - 1000 },
      { subscriptionId: a, status: 'retrying', at: now - 2000 },
      { subscriptionId: a, status: 'canceled', at: now - 3 * HOUR },
      // a, just outside 24 hours and well inside 30 days; and past 30 days (not counted).
      { subscriptionId: a, status: 'failed', at: now - 25 * HOUR },
      ...[3, 3.1, 12].map((d) => ({ subscriptionId: a, status: 'succeeded' as const, at: now - d * DAY })),
      { subscriptionId: a, status: 'succeeded', at: now - 31 * DAY },
      // b: 4 succeeded today, 2 failed a week ago.
      ...[0.5, 2, 4, 6].map((h) => ({ subscriptionId: b, status: 'succeeded' as const, at: now - h * HOUR })),
      ...[7, 7.2].map((d) => ({ subscriptionId: b, status: 'failed' as const, at: now - d * DAY })),
    ]);
  });
  afterAll(() => t.close());

  const get = (path: string, query: Record<string, unknown> = {}, token: string = TOKENS.admin) =>
    t.http.get(`/webhooks${path}`).query(query).set(bearer(token));
  const statsTotals = async (id: string, hours: number) => {
    const c = (await get(`/subscriptions/${id}/stats`, { hours })).body.counts;
    return { succeeded: c.succeeded, failed: c.failed, waiting: c.pending + c.retrying, canceled: c.canceled };
  };
  const sum = (xs: Record<string, number>[]) =>
    xs.reduce((acc, x) => Object.fromEntries(Object.keys(acc).map((k) => [k, acc[k] + x[k]])), {
      succeeded: 0,
      failed: 0,
      waiting: 0,
      canceled: 0,
    } as Record<string, number>);

  it("24h: one bar an hour, every hour of the window, and totals equal to the endpoint's stats", async () => {
    const res = await get(`/subscriptions/${a}/chart`, { period: '24h' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: '24h', bucket: 'hour' });
    const buckets = res.body.buckets as { start: string; succeeded: number }[];
    // 24 hours that need not start on the hour: 24 or 25 bars, oldest first, each an hour apart after the first.
    expect([24, 25]).toContain(buckets.length);
    expect(buckets[0].start).toBe(res.body.since);
    for (let i = 2; i < buckets.length; i++)
      expect(Date.parse(buckets[i].start) - Date.parse(buckets[i - 1].start)).toBe(HOUR);
    expect(res.body.totals).toEqual({ succeeded: 3, failed: 2, waiting: 2, canceled: 1 });
    expect(res.body.totals).toEqual(await statsTotals(a, 24));
    expect(sum(res.body.buckets)).toEqual(res.body.totals);
    // Each entry is in the bar of its hour.
    const barOf = (at: number) => buckets.filter((x) => Date.parse(x.start) <= at).at(-1)!;
    expect(barOf(now - 1 * HOUR).succeeded).toBe(barOf(now - 1.2 * HOUR) === barOf(now - HOUR) ? 2 : 1);
    expect(barOf(now - 5 * HOUR).succeeded).toBe(1);
  });

  it("30d: one bar a day; totals equal the stats of 720 hours; the viewer's offset moves the day's start", async () => {
    const res = await get(`/subscriptions/${a}/chart`, { period: '30d' });
    expect(res.body.bucket).toBe('day');
    expect([30, 31]).toContain(res.body.buckets.length);
    expect(res.body.totals).toEqual({ succeeded: 6, failed: 3, waiting: 2, canceled: 1 });
    expect(res.body.totals).toEqual(await statsTotals(a, 720));
    expect(sum(res.body.buckets)).toEqual(res.body.totals);
    const utc = res.body.buckets.map((x: { start: string }) => new Date(x.start));
    expect(utc.slice(1).every((d: Date) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0)).toBe(true);
    const shifted = await get(`/subscriptions/${a}/chart`, { period: '30d', utcOffset: 120 });
    expect(shifted.body.totals).toEqual(res.body.totals);
    expect(new Date(shifted.body.buckets[1].start).getUTCHours()).toBe(22); // midnight at UTC+2
  });

  it('the event log chart adds up every endpoint the caller sees: all for an admin, the assigned for a Webhook User', async () => {
    const all = await get('/events/chart', { period: '30d' });
    expect(all.status).toBe(200);
    expect(all.body.totals).toEqual(sum([await statsTotals(a, 720), await statsTotals(b, 720)]));
    const alice = await get('/events/chart', { period: '30d' }, TOKENS.user);
    expect(alice.body.totals).toEqual(await statsTotals(a, 720));
    const bob = await get('/events/chart', { period: '24h' }, TOKENS.otherUser);
    expect(bob.body.totals).toEqual({ succeeded: 4, failed: 0, waiting: 0, canceled: 0 });
  });

  it('is scoped like the stats: 404 for an endpoint not assigned to the caller; 403 for a guest', async () => {
    expect((await get(`/subscriptions/${a}/chart`, {}, TOKENS.otherUser)).status).toBe(404);
    expect((await get(`/subscriptions/${a}/chart`, {}, TOKENS.user)).status).toBe(200);
    expect((await get('/events/chart', {}, TOKENS.guest)).status).toBe(403);
  });

  it('refuses a period or offset it does not know, naming the field', async () => {
    for (const [query, message] of [
      [{ period: '7d' }, /^period must be one of: 24h, 30d/],
      [{ utcOffset: 900 }, /^utcOffset must be between/],
      [{ utcOffset: 'x' }, /^utcOffset must be/],
    ] as const) {
      const res = await get(`/subscriptions/${a}/chart`, query);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
  });
});
