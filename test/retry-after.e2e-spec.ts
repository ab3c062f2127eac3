import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

// Each case has its own endpoint (a path) and its own projectTemplateId, so the cases run at once.
describe('Retry-After on 429 and 503 (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhooks: WebhooksPublisher;
  const answers = new Map<string, (n: number) => { status: number; retryAfter?: string }>();

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      const n = receiver.requests.filter((r) => r.url === req.url).length;
      const a = answers.get(req.url)?.(n) ?? { status: 204 };
      res.statusCode = a.status;
      if (a.retryAfter !== undefined) res.setHeader('retry-after', a.retryAfter);
      res.end();
    });
    t = await startTestApp({
      webhooks: {
        retryDelaysSeconds: [1, 2],
        maxRetryAfterSeconds: 4,
        recoveryIntervalMs: 1000,
        recoveryGraceMs: 1000,
      },
    });
    webhooks = t.app.get(WebhooksPublisher);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** Subscribes an endpoint at `path`, publishes one event to it, and waits for the entry to settle. */
  const run = async (path: string, answer: (n: number) => { status: number; retryAfter?: string }) => {
    answers.set(path, answer);
    const sub = await createSubscription(t, {
      url: receiver.url(path),
      events: ['report_signed'],
      projectTemplateId: path,
    });
    const { deliveryIds } = await webhooks.publish('report_signed', { projectTemplateId: path });
    expect(deliveryIds).toHaveLength(1);
    const id = deliveryIds[0];
    const detail = await waitUntil(
      async () => {
        const { body } = await t.http.get(`/webhooks/events/${id}`).set(bearer(TOKENS.admin));
        return ['succeeded', 'failed'].includes(body.status) && body;
      },
      `the entry to ${path} to settle`,
      30_000,
    );
    const times = receiver.requests.filter((r) => r.url === path).map((r) => r.at);
    return { detail, gaps: times.slice(1).map((at, i) => at - times[i]), subscriptionId: sub.id };
  };

  it('waits the Retry-After seconds of a 429 when they are longer than the schedule, and says why', async () => {
    const { detail, gaps } = await run('/seconds', (n) =>
      n === 1 ? { status: 429, retryAfter: '3' } : { status: 200 },
    );
    expect(detail.status).toBe('succeeded');
    expect(gaps[0]).toBeGreaterThanOrEqual(3000);
    expect(detail.attempts.map((a: any) => [a.responseStatus, a.nextDelayMs, a.delayReason])).toEqual([
      [429, 3000, 'retry-after'],
      [200, null, null],
    ]);
  }, 40_000);

  it('reads the HTTP-date form on a 503', async () => {
    const { detail, gaps } = await run('/date', (n) =>
      n === 1 ? { status: 503, retryAfter: new Date(Date.now() + 3500).toUTCString() } : { status: 200 },
    );
    expect(detail.status).toBe('succeeded');
    // An HTTP date has whole seconds: 3.5 s ahead is 2.5 to 3.5 s away, more than the 1 s of the schedule.
    expect(gaps[0]).toBeGreaterThanOrEqual(2400);
    expect(detail.attempts[0]).toMatchObject({ responseStatus: 503, delayReason: 'retry-after' });
    expect(detail.attempts[0].nextDelayMs).toBeGreaterThan(1000);
  }, 40_000);

  it('caps a huge Retry-After at maxRetryAfterSeconds and still makes three attempts in all', async () => {
    const { detail, gaps } = await run('/huge', () => ({ status: 429, retryAfter: '86400' }));
    expect(detail.status).toBe('failed');
    expect(detail.attempts.map((a: any) => [a.attempt, a.responseStatus, a.nextDelayMs, a.delayReason])).toEqual([
      [1, 429, 4000, 'retry-after-capped'],
      [2, 429, 4000, 'retry-after-capped'],
      [3, 429, null, null],
    ]);
    expect(gaps.every((g) => g >= 4000)).toBe(true);
  }, 40_000);

  it('ignores a Retry-After on a 500: the schedule decides', async () => {
    const { detail } = await run('/on-500', (n) => (n === 1 ? { status: 500, retryAfter: '30' } : { status: 200 }));
    expect(detail.status).toBe('succeeded');
    expect(detail.attempts.map((a: any) => [a.responseStatus, a.nextDelayMs, a.delayReason])).toEqual([
      [500, 1000, 'schedule'],
      [200, null, null],
    ]);
  }, 40_000);
});
