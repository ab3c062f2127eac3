import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOKS_OPERATIONAL_EVENTS, WebhooksPublisher } from '../src';
import { EndpointHealthService } from '../src/endpoint-health/endpoint-health.service';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { startTestApp, subscribe, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

type Emitted = { name: string; payload: any; by: string };

/** Records the operational events an app emits. */
function listen(app: TestApp, by: string, into: Emitted[]): void {
  const emitter = app.app.get(EventEmitter2);
  for (const name of Object.values(WEBHOOKS_OPERATIONAL_EVENTS))
    emitter.on(name, (payload: unknown) => into.push({ name, payload, by }));
}

const PHI = { patient: { name: 'Jane Roe', mrn: 'MRN-4471' } };

describe('disabling dead endpoints and operational events (real MariaDB, Redis and receiver)', () => {
  let receiver: Receiver;
  const answers = new Map<string, number>();
  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      res.statusCode = answers.get(req.url) ?? 204;
      res.end();
    });
  });
  afterAll(() => receiver.close());

  const publish = (t: TestApp, path: string) =>
    t.app.get(WebhooksPublisher).publish('report_signed', { projectTemplateId: path, ...PHI });
  const subscription = async (t: TestApp, id: string) =>
    (await t.http.get(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin))).body;
  const statuses = async (t: TestApp, subscriptionId: string) =>
    Object.fromEntries(
      (
        await t.dataSource.query(
          'SELECT status, COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = ? GROUP BY status',
          [subscriptionId],
        )
      ).map((r: any) => [r.status, Number(r.n)]),
    );
  const settled = (t: TestApp, ids: string[]) =>
    waitUntil(
      async () => {
        const rows = await t.dataSource.query(
          `SELECT status FROM webhook_deliveries WHERE id IN (${ids.map(() => '?').join(',')})`,
          ids,
        );
        return rows.every((r: any) => ['succeeded', 'failed', 'canceled'].includes(r.status));
      },
      'entries to settle',
      30_000,
    );

  describe('two worker instances on one queue', () => {
    let a: TestApp;
    let b: TestApp;
    const events: Emitted[] = [];
    beforeAll(async () => {
      a = await startTestApp({
        webhooks: { retryDelaysSeconds: [0.2, 0.2], recoveryIntervalMs: 500, recoveryGraceMs: 500 },
      });
      b = await startTestApp({
        databaseUrl: a.databaseUrl,
        bullPrefix: a.bullPrefix,
        webhooks: { encryptionKey: a.encryptionKey, retryDelaysSeconds: [0.2, 0.2] },
      });
      listen(a, 'a', events);
      listen(b, 'b', events);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });
    beforeEach(() => (events.length = 0));

    it('410 Gone deactivates the endpoint at once, cancels what it had not received, and says so exactly once', async () => {
      const path = '/gone';
      answers.set(path, 410);
      const id = await subscribe(a, receiver.url(path), { projectTemplateId: path });
      const published = await Promise.all(Array.from({ length: 40 }, () => publish(a, path)));
      const ids = published.flatMap((p) => p.deliveryIds);
      await settled(a, ids);

      const sub = await subscription(a, id);
      expect(sub).toMatchObject({ active: false, disabledReason: 'gone', failingSince: null });
      expect(Date.parse(sub.disabledAt)).toBeGreaterThan(Date.now() - 60_000);
      const counts = await statuses(a, id);
      expect(counts.failed).toBeGreaterThanOrEqual(1);
      expect(counts.failed + (counts.canceled ?? 0)).toBe(40);
      // Each 410 was the last attempt of its entry: no retry after a Gone.
      const gone = await a.dataSource.query(
        'SELECT attempt_count, last_response_status FROM webhook_deliveries WHERE subscription_id = ? AND status = ?',
        [id, 'failed'],
      );
      expect(gone.every((r: any) => r.attempt_count === 1 && r.last_response_status === 410)).toBe(true);
      // Both instances got 410s; one event in all.
      await new Promise((r) => setTimeout(r, 500));
      const disabled = events.filter((e) => e.name === 'webhooks.endpoint.disabled');
      expect(disabled).toHaveLength(1);
      expect(disabled[0].payload).toEqual({
        subscriptionId: id,
        url: receiver.url(path),
        reason: 'gone',
        failingSince: null,
      });
      expect(events.filter((e) => e.name === 'webhooks.delivery.exhausted')).toHaveLength(0);
    }, 60_000);

    it('announces each exhausted entry once, and the endpoint healthy again once, never with payload values', async () => {
      const path = '/flaky';
      answers.set(path, 500);
      const id = await subscribe(a, receiver.url(path), { projectTemplateId: path });
      const failing = await Promise.all(Array.from({ length: 10 }, () => publish(a, path)));
      await settled(
        a,
        failing.flatMap((p) => p.deliveryIds),
      );
      // The announcements follow the records: wait for them before the receiver comes back.
      await waitUntil(
        () => events.filter((e) => e.name === 'webhooks.delivery.exhausted').length >= 10,
        'ten exhausted events',
      );
      const failingSince = (await subscription(a, id)).failingSince;
      expect(failingSince).not.toBeNull();
      answers.set(path, 200);
      const ok = await Promise.all(Array.from({ length: 10 }, () => publish(a, path)));
      await settled(
        a,
        ok.flatMap((p) => p.deliveryIds),
      );
      await new Promise((r) => setTimeout(r, 500));

      const exhausted = events.filter((e) => e.name === 'webhooks.delivery.exhausted');
      expect(exhausted.map((e) => e.payload.deliveryId).sort()).toEqual(failing.flatMap((p) => p.deliveryIds).sort());
      expect(exhausted[0].payload).toEqual({
        deliveryId: expect.any(String),
        subscriptionId: id,
        eventType: 'report_signed',
        lastError: 'HTTP 500',
      });
      const recovered = events.filter((e) => e.name === 'webhooks.endpoint.recovered');
      expect(recovered).toEqual([
        {
          name: 'webhooks.endpoint.recovered',
          payload: { subscriptionId: id, url: receiver.url(path) },
          by: expect.any(String),
        },
      ]);
      expect((await subscription(a, id)).failingSince).toBeNull();
      expect(JSON.stringify(events)).not.toMatch(/MRN-4471|Jane Roe/);
    }, 60_000);

    it('announces once when two workers record the same attempt (a lease that expired mid-attempt)', async () => {
      const path = '/twice';
      answers.set(path, 500);
      const id = await subscribe(a, receiver.url(path), { projectTemplateId: path });
      const {
        deliveryIds: [deliveryId],
      } = await publish(a, path);
      await settled(a, [deliveryId]);
      await waitUntil(() => events.some((e) => e.payload.deliveryId === deliveryId), 'the exhausted event');
      events.length = 0;
      // The same final attempt, recorded again by each instance at once.
      const [row] = await a.dataSource.query('SELECT attempt_count FROM webhook_deliveries WHERE id = ?', [deliveryId]);
      await a.dataSource.query('UPDATE webhook_deliveries SET exhausted_attempt = NULL WHERE id = ?', [deliveryId]);
      const outcome = {
        deliveryId,
        subscriptionId: id,
        eventType: 'report_signed',
        attempt: row.attempt_count,
        status: 'failed' as const,
        responseStatus: 500,
        error: 'HTTP 500',
        wasFailing: false,
      };
      await Promise.all([a, b, a, b].map((x) => x.app.get(EndpointHealthService).afterRecorded([outcome])));
      expect(events.filter((e) => e.name === 'webhooks.delivery.exhausted')).toHaveLength(1);
      // And one healthy-again event for two records of one success.
      const success = { ...outcome, status: 'succeeded' as const, responseStatus: 200, error: null, wasFailing: true };
      await Promise.all([a, b, a, b].map((x) => x.app.get(EndpointHealthService).afterRecorded([success])));
      expect(events.filter((e) => e.name === 'webhooks.endpoint.recovered')).toHaveLength(1);
    }, 60_000);

    it('deactivates after disableAfterFailingHours (default 120) of failures with no success', async () => {
      const path = '/dead-for-days';
      answers.set(path, 503);
      const id = await subscribe(a, receiver.url(path), { projectTemplateId: path });
      const first = await publish(a, path);
      await settled(a, first.deliveryIds);
      await waitUntil(async () => (await subscription(a, id)).failingSince, 'the failing clock to start');
      expect((await subscription(a, id)).active).toBe(true);
      // Five days and an hour pass with nothing but failures.
      const since = new Date(Date.now() - 121 * 3600_000);
      await a.dataSource.query('UPDATE webhook_subscriptions SET failing_since = ? WHERE id = ?', [since, id]);
      const next = await publish(a, path);
      await settled(a, next.deliveryIds);
      await waitUntil(async () => !(await subscription(a, id)).active, 'the endpoint to be deactivated');
      expect(await subscription(a, id)).toMatchObject({
        active: false,
        disabledReason: 'failing',
        failingSince: since.toISOString(),
      });
      const disabled = events.filter((e) => e.name === 'webhooks.endpoint.disabled');
      expect(disabled).toHaveLength(1);
      expect(disabled[0].payload).toEqual({
        subscriptionId: id,
        url: receiver.url(path),
        reason: 'failing',
        failingSince: since,
      });
    }, 60_000);
  });

  describe('a short failing window', () => {
    let t: TestApp;
    const events: Emitted[] = [];
    beforeAll(async () => {
      // 0.001 h = 3.6 s.
      t = await startTestApp({
        webhooks: {
          retryDelaysSeconds: [0.2],
          disableAfterFailingHours: 0.001,
          recoveryIntervalMs: 500,
          recoveryGraceMs: 500,
        },
      });
      listen(t, 't', events);
    });
    afterAll(() => t.close());
    beforeEach(() => (events.length = 0));

    const failFor = async (path: string) => settled(t, (await publish(t, path)).deliveryIds);
    /** Once the endpoint's failing clock has started, moves its start back past the window (3.6 s) instead of waiting. */
    const failingClockPasses = async (id: string) => {
      await waitUntil(async () => (await subscription(t, id)).failingSince, 'the failing clock to start');
      const since = new Date(Date.now() - 60_000);
      await t.dataSource.query('UPDATE webhook_subscriptions SET failing_since = ? WHERE id = ?', [since, id]);
    };

    it('deactivates once entries have failed for the window, and PATCH active true brings the endpoint back', async () => {
      const path = '/window';
      answers.set(path, 500);
      const id = await subscribe(t, receiver.url(path), { projectTemplateId: path });
      await failFor(path);
      expect((await subscription(t, id)).active).toBe(true);
      await failingClockPasses(id);
      await failFor(path);
      await waitUntil(async () => !(await subscription(t, id)).active, 'the endpoint to be deactivated');
      expect((await subscription(t, id)).disabledReason).toBe('failing');
      expect(events.filter((e) => e.name === 'webhooks.endpoint.disabled')).toHaveLength(1);

      answers.set(path, 200);
      const res = await t.http.patch(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).send({ active: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: true, disabledReason: null, disabledAt: null, failingSince: null });
      const after = await publish(t, path);
      await settled(t, after.deliveryIds);
      expect((await statuses(t, id)).succeeded).toBe(1);
    }, 60_000);

    it('a success in between restarts the clock: no deactivation', async () => {
      const path = '/mended';
      answers.set(path, 500);
      const id = await subscribe(t, receiver.url(path), { projectTemplateId: path });
      await failFor(path);
      // The window runs out for the failures before the success: only a restarted clock keeps it active.
      await failingClockPasses(id);
      answers.set(path, 200);
      await failFor(path); // succeeds
      await waitUntil(async () => !(await subscription(t, id)).failingSince, 'the failing clock to stop');
      answers.set(path, 500);
      await failFor(path);
      await new Promise((r) => setTimeout(r, 300));
      expect(await subscription(t, id)).toMatchObject({ active: true, disabledReason: null });
      expect(events.filter((e) => e.name === 'webhooks.endpoint.disabled')).toHaveLength(0);
      expect(events.filter((e) => e.name === 'webhooks.endpoint.recovered')).toHaveLength(1);
    }, 60_000);
  });
});
