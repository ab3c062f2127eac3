import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { Registry } from 'prom-client';
import { WebhookEventType, WebhooksHealthIndicator, WebhooksPublisher } from '../src';
import { parseMetrics, sample } from './support/prometheus';
import { Receiver } from './support/receiver';
import { tableLookup } from './support/table-lookup';
import { startTestApp, subscribe, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

async function closedPort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

// A scripted run on a registry of the test's own; every figure below is counted by hand.
describe('Prometheus metrics after a scripted run (real MariaDB, Redis and receivers)', () => {
  const registry = new Registry();
  let t: TestApp;
  let receiver: Receiver;
  const seen = new Map<string, number>();

  beforeAll(async () => {
    receiver = await Receiver.start('127.0.0.1', (req, res) => {
      const n = (seen.get(String(req.headers['webhook-id'])) ?? 0) + 1;
      seen.set(String(req.headers['webhook-id']), n);
      if (req.url === '/slow' && n === 1) return; // no answer: the attempt times out
      res.statusCode = req.url === '/gone' ? 410 : req.url === '/dead' || (req.url === '/flaky' && n === 1) ? 503 : 204;
      res.end();
    });
    t = await startTestApp({
      webhooks: {
        metricsRegistry: registry,
        allowPrivateNetworks: false,
        allowedHosts: ['allowed.test'],
        lookup: tableLookup({ 'allowed.test': ['127.0.0.1'] }),
        retryDelaysSeconds: [0.1, 0.1],
        deliveryTimeoutMs: 2000, // the hanging receiver times out; a loaded machine does not
        recoveryIntervalMs: 3_600_000, // no sweep during the test: the overdue row below stays overdue
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const at = (path: string, port = receiver.port) => `http://allowed.test:${port}${path}`;
  const scrape = async () => parseMetrics(await registry.metrics());

  it('counts published events, attempts by outcome, exhausted entries; histogram count = attempts', async () => {
    await subscribe(t, at('/ok'), { events: ['report_signed'] }); // 4 events, 4 successes
    await subscribe(t, at('/flaky'), { events: ['sample_rejected'] }); // 3 events: a 503, then a success each
    await subscribe(t, at('/dead'), { events: ['requisition_canceled'] }); // 1 event: three 503s, exhausted
    await subscribe(t, at('/slow'), { events: ['report_corrected'] }); // 1 event: a timeout, then a success
    await subscribe(t, at('/refused', await closedPort()), { events: ['report_ready_for_generation'] }); // 1 event: three refused connections, exhausted
    const blocked = await subscribe(t, at('/blocked'), { events: ['requisition_signed_accession'] }); // 1 event: blocked, failed for good
    // A private IP literal stored before the policy applied: refused at send time.
    await t.dataSource.query('UPDATE webhook_subscriptions SET url = ? WHERE id = ?', [
      receiver.url('/blocked'),
      blocked,
    ]);

    const webhooks = t.app.get(WebhooksPublisher);
    const script: [WebhookEventType, number][] = [
      ['report_signed', 4],
      ['sample_rejected', 3],
      ['requisition_canceled', 1],
      ['report_corrected', 1],
      ['report_ready_for_generation', 1],
      ['requisition_signed_accession', 1],
    ];
    for (const [type, n] of script) for (let i = 0; i < n; i++) await webhooks.publish(type, { seq: i });
    await waitUntil(
      async () => {
        const [{ n }] = await t.dataSource.query(
          "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status IN ('succeeded', 'failed')",
        );
        return Number(n) === 11;
      },
      'all 11 entries settled',
      30_000,
      100,
    );

    const m = await scrape();
    for (const [type, n] of script) expect(sample(m, 'webhooks_published_total', { event_type: type })).toBe(n);
    const attempts = (event_type: string, outcome: string) =>
      sample(m, 'webhooks_attempts_total', { event_type, outcome });
    expect(attempts('report_signed', 'succeeded')).toBe(4);
    expect(attempts('sample_rejected', 'failed')).toBe(3);
    expect(attempts('sample_rejected', 'succeeded')).toBe(3);
    expect(attempts('requisition_canceled', 'failed')).toBe(3);
    expect(attempts('report_corrected', 'timeout')).toBe(1);
    expect(attempts('report_corrected', 'succeeded')).toBe(1);
    expect(attempts('report_ready_for_generation', 'network_error')).toBe(3);
    expect(attempts('requisition_signed_accession', 'blocked')).toBe(1);
    const series = m.get('webhooks_attempts_total')!.metrics;
    expect(series.reduce((sum, s) => sum + Number(s.value), 0)).toBe(19); // no other series
    // Exhausted: the dead endpoint, the refused one, and the blocked one (failed for good at once).
    expect(sample(m, 'webhooks_deliveries_exhausted_total')).toBe(3);
    const [{ n: stored }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_attempts');
    expect(Number(stored)).toBe(19);
    expect(Number(m.get('webhooks_attempt_duration_seconds')!.metrics[0].count)).toBe(19);
    expect(sample(m, 'webhooks_endpoints_disabled_total')).toBe(0);
    expect(sample(m, 'webhooks_due_lag_seconds')).toBe(0);
    // Label values come from fixed sets: no URL, path or id anywhere in the output.
    const text = await registry.metrics();
    expect(text).not.toMatch(/allowed\.test|127\.0\.0\.1|\/ok|[0-9a-f]{8}-[0-9a-f]{4}-/);
  }, 60_000);

  it('counts an endpoint the module deactivated, by reason', async () => {
    const gone = await subscribe(t, at('/gone'), { events: ['report_signed'] });
    const before = await scrape();
    await t.app.get(WebhooksPublisher).publish('report_signed', { seq: 'gone' });
    // The counter moves just after the deactivation commits: wait for it, then check both.
    await waitUntil(
      async () => sample(await scrape(), 'webhooks_endpoints_disabled_total', { reason: 'gone' }) > 0,
      'the 410 endpoint counted',
    );
    const [row] = await t.dataSource.query('SELECT active, disabled_reason FROM webhook_subscriptions WHERE id = ?', [
      gone,
    ]);
    expect({ active: Number(row.active), reason: row.disabled_reason }).toEqual({ active: 0, reason: 'gone' });
    const after = await scrape();
    expect(sample(after, 'webhooks_endpoints_disabled_total', { reason: 'gone' })).toBe(1);
    expect(sample(after, 'webhooks_endpoints_disabled_total', { reason: 'failing' })).toBe(0);
    const failed = (m: typeof after) =>
      sample(m, 'webhooks_attempts_total', { event_type: 'report_signed', outcome: 'failed' });
    expect(failed(after) - failed(before)).toBe(1);
  });

  it('due lag and the health indicator report the oldest due entry', async () => {
    const [{ subscription_id: sub }] = await t.dataSource.query(
      'SELECT subscription_id FROM webhook_deliveries LIMIT 1',
    );
    const overdue = new Date(Date.now() - 120_000);
    await t.dataSource.query(
      `INSERT INTO webhook_deliveries (id, event_id, event_type, subscription_id, url, payload, status, attempt_count, run_attempts, next_attempt_at, created_at, updated_at)
       VALUES ('00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002', 'report_signed', ?, 'http://x', '{}', 'retrying', 1, 1, ?, ?, ?)`,
      [sub, overdue, overdue, overdue],
    );
    const lag = sample(await scrape(), 'webhooks_due_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(120);
    expect(lag).toBeLessThan(600);
    const health = await t.app.get(WebhooksHealthIndicator).isHealthy('webhooks');
    expect(health.webhooks).toMatchObject({ status: 'up', database: 'up', redis: 'up' });
    expect(health.webhooks.oldestDueAgeSeconds).toBeGreaterThanOrEqual(120);
  });

  it('counts one published event once, however many endpoints it reaches', async () => {
    await subscribe(t, at('/ok'), { events: ['report_correction_ready_for_generation'] });
    await subscribe(t, at('/ok'), { events: ['report_correction_ready_for_generation'] });
    const published = async () =>
      sample(await scrape(), 'webhooks_published_total', { event_type: 'report_correction_ready_for_generation' });
    const before = await published();
    const { deliveryIds } = await t.app
      .get(WebhooksPublisher)
      .publish('report_correction_ready_for_generation', { seq: 'two endpoints' });
    expect(deliveryIds).toHaveLength(2);
    expect((await published()) - before).toBe(1);
  });
});
