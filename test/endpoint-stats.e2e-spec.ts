import { bearer, TOKENS } from './support/env';
import { insertAttempts, insertEntries } from './support/event-log-rows';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

const HOUR = 3600_000;

// The engine is off: the rows below are a hand-counted log, read back by the stats route.
describe('GET /webhooks/subscriptions/:id/stats (real MariaDB)', () => {
  let t: TestApp;
  let a: string;
  let lastSuccess: number;
  const failingSince = new Date(Date.now() - 30 * HOUR);

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { processDeliveries: false } });
    const create = async (path: string, userIds: string[]) =>
      (await createSubscription(t, { url: `http://127.0.0.1:9/${path}`, events: ['report_signed'], userIds })).id;
    a = await create('a', ['alice']);
    const b = await create('b', []);
    const now = Date.now();
    lastSuccess = now - 2 * HOUR;
    // Endpoint A, last 24 hours: 5 succeeded, 2 failed, 1 pending, 1 retrying, 3 canceled.
    const succeeded = await insertEntries(
      t.dataSource,
      [5, 4, 3, 2.5, 2].map((h) => ({ subscriptionId: a, status: 'succeeded' as const, at: now - h * HOUR })),
    );
    const failed = await insertEntries(
      t.dataSource,
      [10, 11].map((h) => ({ subscriptionId: a, status: 'failed' as const, at: now - h * HOUR })),
    );
    await insertEntries(t.dataSource, [
      { subscriptionId: a, status: 'pending', at: now - 1000 },
      { subscriptionId: a, status: 'retrying', at: now - 2000 },
      ...[1, 2, 3].map((h) => ({ subscriptionId: a, status: 'canceled' as const, at: now - h * HOUR })),
    ]);
    // Endpoint A, two days ago: 4 failed, 1 succeeded with a slow attempt. Endpoint B: 7 succeeded.
    const older = await insertEntries(t.dataSource, [
      ...[48, 49, 50, 51].map((h) => ({ subscriptionId: a, status: 'failed' as const, at: now - h * HOUR })),
      { subscriptionId: a, status: 'succeeded', at: now - 52 * HOUR },
    ]);
    await insertEntries(
      t.dataSource,
      Array.from({ length: 7 }, (_, i) => ({ subscriptionId: b, status: 'succeeded' as const, at: now - i * HOUR })),
    );
    // Durations of the 24 h window: 10..50 for the successes, 100 and 200 for each failure.
    for (const [i, e] of succeeded.entries())
      await insertAttempts(t.dataSource, e.id, [{ durationMs: (i + 1) * 10, responseStatus: 200, error: null }]);
    for (const e of failed) await insertAttempts(t.dataSource, e.id, [{ durationMs: 100 }, { durationMs: 200 }]);
    await insertAttempts(t.dataSource, older[4].id, [{ durationMs: 9000, responseStatus: 200, error: null }]);
    await t.dataSource.query('UPDATE webhook_deliveries SET updated_at = ? WHERE id = ?', [
      new Date(lastSuccess),
      succeeded[4].id,
    ]);
    await t.dataSource.query('UPDATE webhook_subscriptions SET failing_since = ? WHERE id = ?', [failingSince, a]);
  });
  afterAll(() => t.close());

  const stats = (id: string, query: Record<string, unknown> = {}, token: string = TOKENS.user) =>
    t.http.get(`/webhooks/subscriptions/${id}/stats`).query(query).set(bearer(token));

  it('counts the last 24 hours by status, with the success rate, the last success, the failing clock and p50/p95', async () => {
    const res = await stats(a);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      hours: 24,
      since: expect.any(String),
      counts: { pending: 1, retrying: 1, succeeded: 5, failed: 2, canceled: 3 },
      successRate: 5 / 7,
      lastSuccessAt: new Date(lastSuccess).toISOString(),
      failingSince: failingSince.toISOString(),
      // Sorted: 10 20 30 40 50 100 100 200 200 (nearest rank).
      p50DurationMs: 50,
      p95DurationMs: 200,
    });
  });

  it('widens the window with hours', async () => {
    const res = await stats(a, { hours: 72 });
    expect(res.body.counts).toEqual({ pending: 1, retrying: 1, succeeded: 6, failed: 6, canceled: 3 });
    expect(res.body.successRate).toBe(6 / 12);
    expect(res.body.p95DurationMs).toBe(9000);
  });

  it('refuses hours outside 1..720 with a message naming the field', async () => {
    for (const hours of [0, 721, 'abc', 1.5]) {
      const res = await stats(a, { hours });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^hours must be/);
    }
  });

  it('is scoped like the log: 404 for a Webhook User the endpoint is not assigned to', async () => {
    expect((await stats(a, {}, TOKENS.otherUser)).status).toBe(404);
    expect((await stats(a, {}, TOKENS.admin)).status).toBe(200);
  });
});
