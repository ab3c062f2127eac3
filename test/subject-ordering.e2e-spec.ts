import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { WebhooksPublisher } from '../src';
import { WEBHOOKS_QUEUE } from '../src/webhooks.constants';
import { Receiver, ReceivedRequest } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/** What the receiver saw, in arrival order: the body's label and the status it answered. */
interface Seen {
  label: string;
  status: number;
  at: number;
}

const labelOf = (req: ReceivedRequest): string => {
  const body = JSON.parse(req.body);
  return `${body.reportId ?? '-'} ${body.eventType}`;
};

/** A receiver that fails R-1's first event (report_signed) twice, then accepts it; everything else at once. */
function failFirstTwice(receiver: Receiver, seen: Seen[]): void {
  let failures = 0;
  receiver.handler = (req, res) => {
    const label = labelOf(req);
    res.statusCode = label === 'R-1 report_signed' && failures++ < 2 ? 500 : 204;
    seen.push({ label, status: res.statusCode, at: Date.now() });
    res.end();
  };
}

const entry = async (t: TestApp, id: string) =>
  (await t.dataSource.query('SELECT status, next_attempt_at, order_seq FROM webhook_deliveries WHERE id = ?', [id]))[0];

describe('ordering per subject (real MariaDB, Redis and receiver)', () => {
  let receiver: Receiver;
  let t: TestApp;
  beforeAll(async () => {
    receiver = await Receiver.start();
    // No sweep during the tests: a waiting entry must be released by its predecessor's final record.
    t = await startTestApp({ webhooks: { retryDelaysSeconds: [1, 2], recoveryIntervalMs: 600_000 } });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => (receiver.requests.length = 0));
  // One subscription per test: delete the others, so each test's receiver sees its own only.
  afterEach(() => t.dataSource.query('DELETE FROM webhook_subscriptions'));

  const subscribe = (ordering?: string) =>
    createSubscription(t, {
      url: receiver.url(`/${ordering ?? 'default'}`),
      events: ['report_signed', 'report_corrected'],
      ordering,
    });

  /** R-1 signed, R-1 corrected, R-2 signed, and an event with no subject, published in that order. */
  const publishFour = async () => {
    const webhooks = t.app.get(WebhooksPublisher);
    const ids: string[] = [];
    for (const [type, payload] of [
      ['report_signed', { reportId: 'R-1', version: 1 }],
      ['report_corrected', { reportId: 'R-1', version: 2 }],
      ['report_signed', { reportId: 'R-2', version: 1 }],
      ['report_signed', { note: 'no subject' }],
    ] as const) {
      ids.push(...(await webhooks.publish(type, payload)).deliveryIds);
    }
    return ids;
  };

  it('ordering "subject": R-1 corrected waits for R-1 signed to succeed; R-2 and the no-subject event go at once', async () => {
    const sub = await subscribe('subject');
    expect(sub.ordering).toBe('subject');
    const seen: Seen[] = [];
    failFirstTwice(receiver, seen);
    const [signed, corrected, r2, none] = await publishFour();

    // While R-1 signed retries, its correction waits: no due time, no Bull job.
    await waitUntil(() => seen.some((s) => s.label === 'R-1 report_signed'), 'first attempt of R-1 signed');
    await waitUntil(async () => (await entry(t, signed)).status === 'retrying', 'R-1 signed retrying');
    expect(await entry(t, corrected)).toMatchObject({ status: 'pending', next_attempt_at: null });
    const queue = t.app.get<Queue>(getQueueToken(WEBHOOKS_QUEUE));
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'paused']);
    expect(jobs.filter((j) => j.data.deliveryId === corrected)).toEqual([]);

    await waitUntil(async () => (await entry(t, corrected)).status === 'succeeded', 'correction delivered', 30_000);
    const labels = seen.map((s) => `${s.label} ${s.status}`);
    // R-2 and the no-subject event arrived before R-1 signed's first retry (1 s after its first attempt).
    const firstRetry = labels.indexOf('R-1 report_signed 500', labels.indexOf('R-1 report_signed 500') + 1);
    expect(labels.indexOf('R-2 report_signed 204')).toBeLessThan(firstRetry);
    expect(labels.indexOf('- report_signed 204')).toBeLessThan(firstRetry);
    // signed (failed twice, then accepted), and only then the correction, once.
    expect(labels.filter((l) => l.startsWith('R-1'))).toEqual([
      'R-1 report_signed 500',
      'R-1 report_signed 500',
      'R-1 report_signed 204',
      'R-1 report_corrected 204',
    ]);
    for (const id of [signed, r2, none]) expect((await entry(t, id)).status).toBe('succeeded');
    // Only entries with a subject on the ordered subscription have a place in an order.
    expect((await entry(t, none)).order_seq).toBeNull();
    expect(BigInt((await entry(t, corrected)).order_seq)).toBeGreaterThan(BigInt((await entry(t, signed)).order_seq));
  }, 60_000);

  it('ordering "none" (the default): the correction overtakes the signed report that is still retrying', async () => {
    const sub = await subscribe();
    expect(sub.ordering).toBe('none');
    const seen: Seen[] = [];
    failFirstTwice(receiver, seen);
    const [signed, corrected] = await publishFour();
    await waitUntil(async () => (await entry(t, signed)).status === 'succeeded', 'signed delivered', 30_000);
    const labels = seen.filter((s) => s.label.startsWith('R-1')).map((s) => `${s.label} ${s.status}`);
    expect(labels.indexOf('R-1 report_corrected 204')).toBeLessThan(labels.indexOf('R-1 report_signed 204'));
    expect((await entry(t, corrected)).order_seq).toBeNull();
  }, 60_000);
});
