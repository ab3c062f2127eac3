import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { WebhooksPublisher } from '../src';
import { WEBHOOKS_QUEUE } from '../src/webhooks.constants';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, statusOf, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('event log with the delivery engine (real MariaDB, Redis and receivers)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhooks: WebhooksPublisher;
  let queue: Queue;

  beforeAll(async () => {
    // One retry, soon: a run of the schedule is two attempts.
    t = await startTestApp({
      webhooks: { retryDelaysSeconds: [0.2], deliveryTimeoutMs: 2000, recoveryIntervalMs: 500, recoveryGraceMs: 500 },
    });
    webhooks = t.app.get(WebhooksPublisher);
    queue = t.app.get(getQueueToken(WEBHOOKS_QUEUE));
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  // Each test's event must reach its own subscription only.
  const created: string[] = [];
  afterEach(async () => {
    for (const id of created.splice(0))
      await t.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).expect(204);
  });

  const answer = (status: number, body: string) => {
    receiver.handler = (_req, res) => {
      res.statusCode = status;
      res.setHeader('x-upstream', 'lims-gateway');
      res.end(body);
    };
  };
  const subscribe = async (path: string, userIds: string[]) => {
    const { id } = await createSubscription(t, {
      url: receiver.url(path),
      events: ['report_signed'],
      username: 'lab',
      password: 's3cret-pw',
      userIds,
    });
    created.push(id);
    return id;
  };
  const detail = (id: string, token: string = TOKENS.user) => t.http.get(`/webhooks/events/${id}`).set(bearer(token));
  /** An entry of a fresh subscription (alice's) whose whole retry schedule failed. */
  const failedEntry = async (path: string, status: number, body: string) => {
    await subscribe(path, ['alice']);
    answer(status, body);
    const {
      deliveryIds: [id],
    } = await webhooks.publish('report_signed', { reportId: path });
    await waitUntil(async () => (await statusOf(t, id)) === 'failed', `the entry to ${path} to fail`);
    return id;
  };
  /** An admin's resend of `id`, then its run to end `failed` with `attempts` in all. */
  const resendUntilFailed = async (id: string, attempts: number, what: string) => {
    await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [id] })
      .expect(202);
    await waitUntil(
      async () =>
        (await detail(id, TOKENS.admin)).body.attempts.length === attempts && (await statusOf(t, id)) === 'failed',
      what,
    );
  };
  const requestsTo = (path: string) => receiver.requests.filter((r) => r.url === path);
  const noJobsFor = async (id: string) =>
    (await queue.getJobs(['waiting', 'delayed', 'active'])).every((j) => j?.data?.deliveryId !== id);

  it("shows a failed delivery with the receiver's real answers, then a resend delivers it under the same webhook-id", async () => {
    const path = '/resend-ok';
    const subscriptionId = await subscribe(path, ['alice']);
    answer(500, 'database locked, try later');
    const payload = { reportId: 'R-77', patient: { name: 'Jane Roe', mrn: 'MRN-77' } };
    const {
      deliveryIds: [id],
    } = await webhooks.publish('report_signed', payload);
    await waitUntil(async () => (await statusOf(t, id)) === 'failed', 'the entry to fail after its retry');

    const failed = await t.http
      .get('/webhooks/events')
      .query({ status: 'failed', subscriptionId })
      .set(bearer(TOKENS.user));
    expect(failed.body.items).toEqual([
      expect.objectContaining({
        id,
        subscriptionId,
        status: 'failed',
        attemptCount: 2,
        lastResponseStatus: 500,
        nextAttemptAt: null,
      }),
    ]);
    const before = await detail(id);
    expect(before.status).toBe(200);
    expect(before.body.payload).toEqual({ ...payload, eventType: 'report_signed' });
    expect(before.body.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        trigger: 'initial',
        responseStatus: 500,
        responseBody: 'database locked, try later',
      }),
      expect.objectContaining({
        attempt: 2,
        trigger: 'retry',
        responseStatus: 500,
        responseBody: 'database locked, try later',
      }),
    ]);
    expect(before.body.attempts[0].responseHeaders['x-upstream']).toBe('lims-gateway');
    expect(before.body.attempts[0].requestHeaders.authorization).toBe('Basic [redacted]');
    expect(JSON.stringify(before.body)).not.toContain(Buffer.from('lab:s3cret-pw').toString('base64'));

    answer(200, 'thanks');
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.user))
      .send({ ids: [id] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: [id], notFound: [] });
    await waitUntil(async () => (await statusOf(t, id)) === 'succeeded', 'the resend to succeed');

    const sent = requestsTo(path);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(sent[2].headers['x-webhook-attempt']).toBe('3');
    expect(JSON.parse(sent[2].body)).toEqual({ ...payload, eventType: 'report_signed' });
    const after = await detail(id);
    expect(after.body).toMatchObject({ status: 'succeeded', attemptCount: 3, lastResponseStatus: 200 });
    expect(after.body.attempts.map((a: any) => [a.attempt, a.trigger, a.responseStatus, a.responseBody])).toEqual([
      [1, 'initial', 500, 'database locked, try later'],
      [2, 'retry', 500, 'database locked, try later'],
      [3, 'resend', 200, 'thanks'],
    ]);
  });

  it('runs the full retry schedule again when the resend fails too', async () => {
    const path = '/resend-fails';
    const id = await failedEntry(path, 503, 'down');
    await resendUntilFailed(id, 4, 'the second run to fail');
    const { body } = await detail(id, TOKENS.admin);
    expect(body.attempts.map((a: any) => a.trigger)).toEqual(['initial', 'retry', 'resend', 'retry']);
    expect(requestsTo(path).map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3', '4']);
  });

  it('does not send an entry twice at once when resends arrive while it is queued and in flight', async () => {
    const path = '/resend-busy';
    const id = await failedEntry(path, 500, 'no');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    receiver.handler = async (_req, res) => {
      await held;
      res.statusCode = 200;
      res.end('late ok');
    };
    const resend = () =>
      t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [id] });
    const first = await Promise.all([resend(), resend(), resend()]);
    expect(first.map((r) => r.body.queued)).toEqual([[id], [id], [id]]);
    await waitUntil(() => requestsTo(path).length === 3, 'the resend to reach the receiver');
    // In flight now: more resends land on the same attempt's job id or are refused by the claim.
    expect((await resend()).body.queued).toEqual([id]);
    release();
    await waitUntil(async () => (await statusOf(t, id)) === 'succeeded', 'the resend to succeed');
    await waitUntil(() => noJobsFor(id), 'the queue to hold nothing for the entry');
    expect(requestsTo(path).map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
    expect((await detail(id)).body.attempts).toHaveLength(3);
  });
  it('keeps at most maxStoredResponseBytesPerEntry of response bodies per entry: past it, a marker that says so', async () => {
    const path = '/resend-70kb';
    const big = 'x'.repeat(70 * 1024);
    const id = await failedEntry(path, 500, big);
    for (let run = 2; run <= 5; run++) {
      await resendUntilFailed(id, run * 2, `run ${run} to fail`);
    }
    const [{ n }] = await t.dataSource.query(
      'SELECT SUM(LENGTH(response_body)) AS n FROM webhook_attempts WHERE delivery_id = ?',
      [id],
    );
    const cap = 256 * 1024;
    expect(Number(n)).toBeLessThanOrEqual(cap);
    const { body } = await detail(id, TOKENS.admin);
    const bodies: string[] = body.attempts.map((a: any) => a.responseBody);
    expect(bodies).toHaveLength(10);
    expect(body.attempts.every((a: any) => a.responseStatus === 500)).toBe(true);
    // The first answers are kept whole (as read: responseBodyLimitBytes, 64 KiB), the rest are the marker.
    const kept = bodies.filter((b) => b === big.slice(0, 64 * 1024)).length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(bodies.slice(0, kept).every((b) => b === big.slice(0, 64 * 1024))).toBe(true);
    expect(bodies.slice(kept)).toEqual(
      Array(10 - kept).fill(
        `[Response body not stored: 65536 bytes. This entry's attempts keep at most ${cap} bytes of response bodies (option maxStoredResponseBytesPerEntry); the earlier attempts hold them.]`,
      ),
    );
  });
});
