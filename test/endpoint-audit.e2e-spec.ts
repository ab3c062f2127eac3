import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

const ENDPOINT_ACTIONS = ['subscription.tested', 'endpoint.disabled', 'endpoint.enabled', 'events.recovered'];

describe('audit rows of the endpoint-health tools (real MariaDB, Redis, receiver, two workers)', () => {
  let receiver: Receiver;
  let a: TestApp;
  let b: TestApp;
  let answer = 204;

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (_req, res) => {
      res.statusCode = answer;
      res.end();
    });
    a = await startTestApp({ webhooks: { retryDelaysSeconds: [0.2], recoveryIntervalMs: 500, recoveryGraceMs: 500 } });
    // A second worker on the same database and queue: the module's own deactivation must
    // still be audited once.
    b = await startTestApp({
      databaseUrl: a.databaseUrl,
      bullPrefix: a.bullPrefix,
      webhooks: { encryptionKey: a.encryptionKey, retryDelaysSeconds: [0.2] },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await receiver.close();
  });

  const rows = async (): Promise<any[]> => {
    const res = await a.http.get('/webhooks/audit').query({ limit: 100 }).set(bearer(TOKENS.admin));
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** Runs `act`, then returns the audit rows it added (oldest first). */
  const added = async (act: () => Promise<unknown>): Promise<any[]> => {
    const before = new Set((await rows()).map((r) => r.id));
    await act();
    return (await rows()).filter((r) => !before.has(r.id)).reverse();
  };

  it('test, deactivation by the module, reactivation and recover: one row each, with the right actor', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const created = await createSubscription(a, {
      url: receiver.url('/emr'),
      events: ['report_signed'],
      userIds: ['alice'],
    });
    const id: string = created.id;

    const tested = await added(async () => {
      const res = await a.http.post(`/webhooks/subscriptions/${id}/test`).set(bearer(TOKENS.admin));
      expect(res.body).toMatchObject({ ok: true, status: 204 });
    });
    expect(tested).toEqual([expect.objectContaining({ action: 'subscription.tested', actorId: 'admin' })]);

    answer = 410;
    const disabled = await added(async () => {
      // Several entries, so that both workers are likely to get a 410.
      await Promise.all(
        Array.from({ length: 10 }, () => a.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' })),
      );
      await waitUntil(
        async () =>
          Number(
            (
              await a.dataSource.query(
                "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = ? AND status IN ('failed', 'canceled')",
                [id],
              )
            )[0].n,
          ) === 10,
        'the 410s to deactivate the endpoint and end its entries',
      );
      // Time for a second, wrongful row from the other worker or a stray retry.
      await new Promise((r) => setTimeout(r, 1000));
    });
    expect(disabled).toEqual([
      expect.objectContaining({
        action: 'endpoint.disabled',
        actorId: 'system',
        subscriptionId: id,
        changes: ['active', 'disabledReason'],
      }),
    ]);

    answer = 204;
    const enabled = await added(async () => {
      const res = await a.http.patch(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).send({ active: true });
      expect(res.body).toMatchObject({ active: true, disabledReason: null });
    });
    expect(enabled.map((r) => [r.action, r.actorId])).toEqual([
      ['subscription.updated', 'admin'],
      ['endpoint.enabled', 'admin'],
    ]);
    expect(enabled[1].subscriptionId).toBe(id);

    let failed = 0;
    const recovered = await added(async () => {
      const res = await a.http
        .post('/webhooks/events/recover')
        .set(bearer(TOKENS.user))
        .send({ since, subscriptionId: id });
      expect(res.status).toBe(202);
      failed = res.body.matched;
      expect(failed).toBeGreaterThanOrEqual(1); // the entries that got a 410; the others were canceled
      await waitUntil(
        async () =>
          (await a.http.get(`/webhooks/tasks/${res.body.taskId}`).set(bearer(TOKENS.user))).body.status === 'completed',
        'the task to complete',
      );
    });
    expect(recovered).toEqual([
      expect.objectContaining({ action: 'events.recovered', actorId: 'alice', subscriptionId: id, count: failed }),
    ]);

    // Over the whole story: exactly one row of each of the four.
    const all = (await rows()).filter((r) => ENDPOINT_ACTIONS.includes(r.action));
    expect(all.map((r) => r.action).sort()).toEqual([...ENDPOINT_ACTIONS].sort());
  });
});
