import { getQueueToken } from '@nestjs/bull';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Queue } from 'bull';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES, WebhookPublishError, WebhooksPublisher } from '../src';
import { DeliveryStoreService } from '../src/delivery/delivery-store.service';
import { PayloadSealer } from '../src/lab-data/payload-sealer';
import { WebhookDeliveryEntity } from '../src/persistence/webhook-delivery.entity';
import { useDeliveryHost } from './support/delivery-host';
import { bearer, TOKENS } from './support/env';
import { insertEntries } from './support/event-log-rows';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, statusOf } from './support/test-app';
import { waitUntil } from './support/wait';

describe('delivery engine (real MariaDB, Redis and receivers)', () => {
  const host = useDeliveryHost({
    retryDelaysSeconds: [0.3, 0.3],
    deliveryTimeoutMs: 2000,
    recoveryIntervalMs: 500,
    recoveryGraceMs: 500,
  });

  const subscribe = (body: Record<string, unknown>) =>
    createSubscription(host, { events: [...WEBHOOK_EVENT_TYPES], ...body });
  const entries = (eventId: string) =>
    host.dataSource.query('SELECT * FROM webhook_deliveries WHERE event_id = ? ORDER BY id', [eventId]);
  const unsubscribe = (id: string) => host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));

  it('sends the exact body and headers a receiver expects, signed', async () => {
    const path = `/bytes-${Date.now()}`;
    const sub = await subscribe({
      url: host.receiver.url(path),
      username: 'lab-user',
      password: 'pä$$:word',
      headers: { 'X-Partner-Key': 'key-1' },
    });
    const payload = { reportId: 'R-1', patient: { name: 'Jane Roe', dob: '1970-01-01', mrn: 'MRN-1' } };
    const { eventId, deliveryIds } = await host.webhooks.publish('report_signed', payload);
    expect(deliveryIds).toHaveLength(1);
    await host.receiver.waitFor(1);
    const req = host.receiver.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe(path);
    // Byte for byte what was published: the json format adds and reorders nothing.
    expect(req.body).toBe(JSON.stringify({ ...payload, eventType: 'report_signed' }));
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('lab-user:pä$$:word').toString('base64')}`);
    expect(req.headers['x-partner-key']).toBe('key-1');
    expect(req.headers['x-webhook-event']).toBe('report_signed');
    expect(req.headers['x-webhook-attempt']).toBe('1');
    expect(req.headers['webhook-id']).toBe(`msg_${deliveryIds[0].replace(/-/g, '')}`);
    const verified = new Webhook(sub.signingSecret).verify(req.body, req.headers as Record<string, string>);
    expect(verified).toEqual(JSON.parse(req.body));
    await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'succeeded', 'succeeded');
    const [entry] = await entries(eventId);
    expect(entry).toMatchObject({
      status: 'succeeded',
      attempt_count: 1,
      last_response_status: 204,
      last_error: null,
      next_attempt_at: null,
    });
    const [attempt] = await host.attemptsOf(entry.id);
    expect(attempt).toMatchObject({ attempt: 1, trigger: 'initial', response_status: 204, error: null });
    const stored = JSON.parse(attempt.request_headers);
    expect(stored.authorization).toBe('Basic [redacted]');
    expect(attempt.request_headers).not.toContain(Buffer.from('lab-user:pä$$:word').toString('base64'));
    await unsubscribe(sub.id);
  });

  it('keeps the same webhook-id over retries, and stops retrying after a success', async () => {
    const sub = await subscribe({ url: host.receiver.url('/flaky') });
    let calls = 0;
    host.receiver.handler = (_req, res) => {
      res.statusCode = ++calls < 2 ? 503 : 200;
      res.end('ok');
    };
    const { deliveryIds } = await host.webhooks.publish('sample_rejected', { sampleId: 'S-1' });
    await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'succeeded', 'second attempt to succeed');
    // The success comes before the last attempt the schedule allows (three): the third must not follow.
    // Longer than the retry delay (0.3 s) and a requeue sweep round (0.5 s), so a third would have been sent.
    await new Promise((r) => setTimeout(r, 2000));
    expect(host.receiver.requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2']);
    expect(new Set(host.receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of host.receiver.requests)
      expect(() => new Webhook(sub.signingSecret).verify(r.body, r.headers as any)).not.toThrow();
    expect((await host.attemptsOf(deliveryIds[0])).map((a: any) => [a.trigger, a.response_status])).toEqual([
      ['initial', 503],
      ['retry', 200],
    ]);
    expect(await statusOf(host, deliveryIds[0])).toBe('succeeded');
    await unsubscribe(sub.id);
  });

  it('an entry resent after its subscription was deleted ends failed, "endpoint gone", and nothing is sent', async () => {
    const sub = await subscribe({ url: host.receiver.url('/deleted') });
    const { deliveryIds } = await host.webhooks.publish('report_signed', { reportId: 'R-gone' });
    await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'succeeded', 'the first delivery');
    await unsubscribe(sub.id).expect(204);
    const resent = await host.http.post('/webhooks/events/resend').set(bearer(TOKENS.admin)).send({ ids: deliveryIds });
    expect(resent.body).toEqual({ queued: deliveryIds, notFound: [] });
    await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'failed', 'the resent entry to end');
    const [entry] = await host.dataSource.query(
      'SELECT last_error, attempt_count FROM webhook_deliveries WHERE id = ?',
      [deliveryIds[0]],
    );
    expect(entry).toEqual({ last_error: 'endpoint gone', attempt_count: 1 });
    expect(host.receiver.requests).toHaveLength(1);
  });

  describe('an attempt is claimed once', () => {
    it('a direct double claim: the same attempt again, then the next attempt while the lease is held', async () => {
      const sub = await subscribe({ url: host.receiver.url('/claims') });
      const store = host.app.get(DeliveryStoreService);
      // An entry due now that no job was queued for: only these claims touch it.
      const [{ id }] = await insertEntries(host.dataSource, [
        { subscriptionId: sub.id, status: 'pending', attemptCount: 0 },
      ]);
      await host.dataSource.getRepository(WebhookDeliveryEntity).update(id, { nextAttemptAt: new Date() });
      const claim = (attempt: number) =>
        store.claimMany([{ deliveryId: id, attempt }], new Date(Date.now() + 60_000), new Date(), 10);
      expect([...(await claim(1)).keys()]).toEqual([id]);
      // The same attempt again (another job for it): already counted.
      expect((await claim(1)).size).toBe(0);
      // The next attempt while the first is in flight (its lease not expired): not this worker's.
      expect((await claim(2)).size).toBe(0);
      const [row] = await host.dataSource.query(
        'SELECT attempt_count, run_attempts FROM webhook_deliveries WHERE id = ?',
        [id],
      );
      expect(row).toEqual({ attempt_count: 1, run_attempts: 1 });
      await unsubscribe(sub.id);
    });

    it('two jobs for one entry under other job ids while its attempt is in flight: sent once', async () => {
      const sub = await subscribe({ url: host.receiver.url('/held') });
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      host.receiver.handler = async (_req, res) => {
        await released;
        res.statusCode = 204;
        res.end();
      };
      const { deliveryIds } = await host.webhooks.publish('report_signed', { reportId: 'R-twice' });
      await host.receiver.waitFor(1);
      const queue = host.app.get<Queue>(getQueueToken('lab-webhooks-delivery'));
      // Bull's job id would refuse a copy of the first job: these come under ids of their own.
      await queue.add({ deliveryId: deliveryIds[0], attempt: 1 }, { jobId: `${deliveryIds[0]}:1:copy` });
      await queue.add({ deliveryId: deliveryIds[0], attempt: 2 }, { jobId: `${deliveryIds[0]}:2:early` });
      await waitUntil(async () => (await queue.getJobCounts()).waiting === 0, 'the copies to be taken');
      release();
      await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'succeeded', 'the delivery');
      await new Promise((r) => setTimeout(r, 500));
      expect(host.receiver.requests).toHaveLength(1);
      expect((await host.attemptsOf(deliveryIds[0])).length).toBe(1);
      await unsubscribe(sub.id);
    });
  });

  it('delivers all seven events through the event emitter and through publish', async () => {
    const sub = await subscribe({ url: host.receiver.url('/seven') });
    const emitter = host.app.get(EventEmitter2);
    for (const name of WEBHOOK_EVENT_TYPES) {
      const [result] = await emitter.emitAsync(name, { via: 'emitter', name });
      expect(result.deliveryIds).toHaveLength(1);
      await host.webhooks.publish(name, { via: 'publish', name });
    }
    await host.receiver.waitFor(14);
    const got = host.receiver.requests
      .map((r) => JSON.parse(r.body))
      .map((b) => `${b.via}:${b.eventType}:${b.name}`)
      .sort();
    const expected = WEBHOOK_EVENT_TYPES.flatMap((n) => [`emitter:${n}:${n}`, `publish:${n}:${n}`]).sort();
    expect(got).toEqual(expected);
    await unsubscribe(sub.id);
  });

  it('matches only subscribed events, active subscriptions, and the projectTemplateId', async () => {
    const a = await subscribe({ url: host.receiver.url('/a'), events: ['report_signed'] });
    const b = await subscribe({ url: host.receiver.url('/b'), events: ['report_signed'], projectTemplateId: 'T-1' });
    const c = await subscribe({ url: host.receiver.url('/c'), events: ['report_signed'], active: false });
    const d = await subscribe({ url: host.receiver.url('/d'), events: ['sample_rejected'] });
    const r1 = await host.webhooks.publish('report_signed', { projectTemplateId: 'T-1' });
    const r2 = await host.webhooks.publish('report_signed', { projectTemplateId: 'T-2' });
    const subsOf = async (eventId: string) => (await entries(eventId)).map((e: any) => e.subscription_id).sort();
    expect(await subsOf(r1.eventId)).toEqual([a.id, b.id].sort());
    expect(await subsOf(r2.eventId)).toEqual([a.id]);
    for (const s of [a, b, c, d]) await unsubscribe(s.id);
  });

  it('refuses bad publishes with a clear error, and emitAsync callers see it', async () => {
    await expect(host.webhooks.publish('report_deleted' as any, {})).rejects.toThrow(
      /Unknown event type "report_deleted"/,
    );
    await expect(host.webhooks.publish('report_signed', [] as any)).rejects.toThrow(WebhookPublishError);
    await expect(host.webhooks.publish('report_signed', 'x' as any)).rejects.toThrow(/must be a JSON object/);
    await expect(host.webhooks.publish('report_signed', { blob: 'x'.repeat(1024 * 1024) })).rejects.toThrow(
      /larger than 1048576 bytes/,
    );
    await expect(host.webhooks.publish('report_signed', { eventType: 'sample_rejected' })).rejects.toThrow(
      /differs from the event name/,
    );
    await expect(host.app.get(EventEmitter2).emitAsync('report_signed', null)).rejects.toThrow(/must be a JSON object/);
  });

  it('a 500 receiver: three attempts on the schedule, then failed for good', async () => {
    const app = await startTestApp({ webhooks: { retryDelaysSeconds: [1, 2], recoveryIntervalMs: 60_000 } });
    try {
      await createSubscription(app, { url: host.receiver.url('/500'), events: ['report_signed'] });
      host.receiver.handler = (_req, r) => {
        r.statusCode = 500;
        r.end('boom');
      };
      const { deliveryIds } = await app.app.get(WebhooksPublisher).publish('report_signed', { n: 1 });
      await host.receiver.waitFor(3, 60_000);
      await waitUntil(
        async () =>
          (await app.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', deliveryIds))[0].status ===
          'failed',
        'failed',
      );
      // Lower bounds strict: never earlier than the schedule. Upper bounds generous (a loaded
      // machine is slow), yet well under the 60 s sweep: each retry came from its delayed job.
      // The delays the schedule chose are recorded exactly.
      const at = host.receiver.requests.map((r) => r.at);
      const gaps = [at[1] - at[0], at[2] - at[1]];
      expect(gaps[0]).toBeGreaterThanOrEqual(950);
      expect(gaps[0]).toBeLessThan(30_000);
      expect(gaps[1]).toBeGreaterThanOrEqual(1950);
      expect(gaps[1]).toBeLessThan(30_000);
      const delays = await app.dataSource.query(
        'SELECT next_delay_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt',
        deliveryIds,
      );
      expect(delays.map((d: { next_delay_ms: number | null }) => d.next_delay_ms)).toEqual([1000, 2000, null]);
      const [entry] = await app.dataSource.query('SELECT * FROM webhook_deliveries WHERE id = ?', deliveryIds);
      expect(entry).toMatchObject({
        status: 'failed',
        attempt_count: 3,
        last_response_status: 500,
        last_error: 'HTTP 500',
        next_attempt_at: null,
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(host.receiver.requests).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  describe('failures are recorded with their kind', () => {
    const firstAttempt = async (url: string, setup?: () => void) => {
      const sub = await subscribe({ url, events: ['report_signed'] });
      setup?.();
      const { deliveryIds } = await host.webhooks.publish('report_signed', { k: 1 });
      await waitUntil(async () => (await host.attemptsOf(deliveryIds[0]))[0], 'first attempt');
      await unsubscribe(sub.id);
      return (await host.attemptsOf(deliveryIds[0]))[0];
    };

    it('a receiver that hangs past the timeout', async () => {
      const a = await firstAttempt(host.receiver.url('/hang'), () => {
        host.receiver.handler = () => undefined; // never answers
      });
      expect(a).toMatchObject({ error: 'timeout', response_status: null });
      expect(a.duration_ms).toBeGreaterThanOrEqual(1900);
    });

    it('a 302 is a failure and is not followed', async () => {
      const a = await firstAttempt(host.receiver.url('/moved'), () => {
        host.receiver.handler = (_req, res) => {
          res.statusCode = 302;
          res.setHeader('Location', host.receiver.url('/elsewhere'));
          res.end();
        };
      });
      expect(a).toMatchObject({ error: 'HTTP 302', response_status: 302 });
      expect(host.receiver.requests.filter((r) => r.url === '/elsewhere')).toHaveLength(0);
    });

    it('a refused port', async () => {
      const closed = await Receiver.start();
      const url = closed.url('/gone');
      await closed.close();
      const a = await firstAttempt(url);
      expect(a).toMatchObject({ error: 'connection refused', response_status: null });
    });

    it('a reset connection', async () => {
      const a = await firstAttempt(host.receiver.url('/reset'), () => {
        host.receiver.handler = (_req, res) => void res.socket?.destroy();
      });
      expect(a.error).toBe('connection reset');
    });

    it('a 10 MB response is cut at the cap', async () => {
      const a = await firstAttempt(host.receiver.url('/big'), () => {
        host.receiver.handler = (_req, res) => {
          res.statusCode = 200;
          res.setHeader('X-Reply', 'big');
          const chunk = 'y'.repeat(64 * 1024);
          for (let i = 0; i < 160; i++) res.write(chunk);
          res.end();
        };
      });
      expect(a.response_status).toBe(200);
      expect(a.error).toBeNull();
      expect(host.app.get(PayloadSealer).open(a.response_body)).toHaveLength(64 * 1024);
      expect(JSON.parse(a.response_headers)['x-reply']).toBe('big');
    });
  });

  describe('transactional outbox', () => {
    it('a rolled-back transaction sends nothing; a committed one is delivered', async () => {
      const sub = await subscribe({ url: host.receiver.url('/tx'), events: ['requisition_canceled'] });
      let rolledBack: string[] = [];
      await expect(
        host.dataSource.transaction(async (manager) => {
          rolledBack = (await host.webhooks.publish('requisition_canceled', { req: 'rolled-back' }, { manager }))
            .deliveryIds;
          throw new Error('domain change failed');
        }),
      ).rejects.toThrow('domain change failed');
      let committed: string[] = [];
      await host.dataSource.transaction(async (manager) => {
        committed = (await host.webhooks.publish('requisition_canceled', { req: 'committed' }, { manager }))
          .deliveryIds;
      });
      await waitUntil(async () => (await statusOf(host, committed[0])) === 'succeeded', 'committed delivery');
      // Longer than a requeue sweep round, so a leaked rolled-back entry would have been sent by now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(host.receiver.requests.map((r) => JSON.parse(r.body).req)).toEqual(['committed']);
      expect(await host.dataSource.query('SELECT id FROM webhook_deliveries WHERE id IN (?)', [rolledBack])).toEqual(
        [],
      );
      await unsubscribe(sub.id);
    });
  });

  it('the outbox queues on commit, and a rolled-back savepoint drops only its own entries', async () => {
    // No worker and no sweep here: what is queued is exactly what the outbox queued.
    const app = await startTestApp({ webhooks: { processDeliveries: false } });
    try {
      await createSubscription(app, { url: host.receiver.url('/savepoint'), events: ['requisition_canceled'] });
      const publisher = app.app.get(WebhooksPublisher);
      const queue = app.app.get<Queue>(getQueueToken('lab-webhooks-delivery'));
      let outer: string[] = [];
      let inner: string[] = [];
      await app.dataSource.transaction(async (manager) => {
        outer = (await publisher.publish('requisition_canceled', { req: 'outer' }, { manager })).deliveryIds;
        await manager
          .transaction(async (nested) => {
            inner = (await publisher.publish('requisition_canceled', { req: 'inner' }, { manager: nested }))
              .deliveryIds;
            throw new Error('nested change failed');
          })
          .catch(() => undefined);
        // Not committed yet: nothing is queued.
        expect(await queue.getJob(`${outer[0]}:1`)).toBeNull();
      });
      expect(await queue.getJob(`${outer[0]}:1`)).not.toBeNull();
      expect(await queue.getJob(`${inner[0]}:1`)).toBeNull();
      expect(await app.dataSource.query('SELECT id FROM webhook_deliveries WHERE id IN (?)', [inner])).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('deleting a subscription stops its pending deliveries', async () => {
    const sub = await subscribe({ url: host.receiver.url('/del'), events: ['report_signed'] });
    // The retry is due in 60 s (Retry-After), so the delete always comes first, however slow
    // the machine; then the retry's job is run at once, and must send nothing.
    host.receiver.handler = (_req, res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '60');
      res.end();
    };
    const { deliveryIds } = await host.webhooks.publish('report_signed', { n: 1 });
    await waitUntil(async () => (await statusOf(host, deliveryIds[0])) === 'retrying', 'retrying');
    await unsubscribe(sub.id).expect(204);
    expect(await statusOf(host, deliveryIds[0])).toBe('canceled');
    const queue = host.app.get<Queue>(getQueueToken('lab-webhooks-delivery'));
    const retry = await queue.getJob(`${deliveryIds[0]}:2`);
    expect(retry).not.toBeNull();
    await retry!.promote();
    await retry!.finished();
    // Nothing attempted: not sent, and not even claimed (the claim counts an attempt).
    const [entry] = await host.dataSource.query('SELECT status, attempt_count FROM webhook_deliveries WHERE id = ?', [
      deliveryIds[0],
    ]);
    expect(entry).toEqual({ status: 'canceled', attempt_count: 1 });
    expect(host.receiver.requests).toHaveLength(1);
  });
});
