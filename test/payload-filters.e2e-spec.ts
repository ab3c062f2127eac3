import { Registry } from 'prom-client';
import { WEBHOOK_EVENT_CATALOG, WEBHOOK_EVENT_TYPES, WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { parseMetrics, sample } from './support/prometheus';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/** Event n: one of the seven examples, for clinic A, B or C, or with no orderingFacility at all. */
function eventNumber(n: number): { type: (typeof WEBHOOK_EVENT_TYPES)[number]; facility: string | null; payload: any } {
  const type = WEBHOOK_EVENT_TYPES[n % WEBHOOK_EVENT_TYPES.length];
  const facility = [null, 'F-A', 'F-B', 'F-C', 'F-A', 'F-B'][n % 6] ?? null;
  const payload: any = structuredClone(WEBHOOK_EVENT_CATALOG[type].example);
  payload.accessionNumber = `ACC-${n}`;
  if (facility === null) delete payload.orderingFacility;
  else payload.orderingFacility = { id: facility, name: `Clinic ${facility}` };
  return { type, facility, payload };
}

describe('payload filters: each clinic gets only its own patients (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  const registry = new Registry();
  const admin = bearer(TOKENS.admin);
  const subscribe = (body: Record<string, unknown>) => t.http.post('/webhooks/subscriptions').set(admin).send(body);

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({ webhooks: { metricsRegistry: registry, metrics: true } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('two clinics filtered on orderingFacility.id, 1 000 mixed events: each endpoint gets exactly its own, none of the other', async () => {
    const url = (clinic: string) => `http://127.0.0.1:${receiver.port}/${clinic}`;
    const a = await createSubscription(t, {
      url: url('A'),
      events: [...WEBHOOK_EVENT_TYPES],
      filter: { 'orderingFacility.id': 'F-A' },
    });
    const b = await createSubscription(t, {
      url: url('B'),
      events: [...WEBHOOK_EVENT_TYPES],
      filter: { 'orderingFacility.id': { $eq: 'F-B' } },
    });
    const events = Array.from({ length: 1000 }, (_, n) => eventNumber(n));
    const webhooks = t.app.get(WebhooksPublisher);
    for (let i = 0; i < events.length; i += 50) {
      await Promise.all(events.slice(i, i + 50).map((e) => webhooks.publish(e.type, e.payload)));
    }
    const expected = (clinic: string) =>
      events
        .filter((e) => e.facility === clinic)
        .map((e) => e.payload.accessionNumber)
        .sort();
    const total = expected('F-A').length + expected('F-B').length;
    await waitUntil(() => receiver.requests.length >= total, `${total} deliveries`, 120_000);

    const got = (path: string) => receiver.requests.filter((r) => r.url === path).map((r) => JSON.parse(r.body));
    expect(
      got('/A')
        .map((p) => p.accessionNumber)
        .sort(),
    ).toEqual(expected('F-A'));
    expect(
      got('/B')
        .map((p) => p.accessionNumber)
        .sort(),
    ).toEqual(expected('F-B'));
    expect(got('/A').every((p) => p.orderingFacility.id === 'F-A')).toBe(true);
    expect(receiver.requests.filter((r) => r.url !== '/A' && r.url !== '/B')).toEqual([]);

    // No entry was written for a filtered-out event.
    const rows: { subscription_id: string; n: string }[] = await t.dataSource.query(
      'SELECT subscription_id, COUNT(*) AS n FROM webhook_deliveries GROUP BY subscription_id',
    );
    expect(Object.fromEntries(rows.map((r) => [r.subscription_id, Number(r.n)]))).toEqual({
      [a.id]: expected('F-A').length,
      [b.id]: expected('F-B').length,
    });
    // Each event was kept from one of the two subscriptions at least: 2 000 pairs less the entries written.
    const metrics = parseMetrics(await registry.metrics());
    const filtered = WEBHOOK_EVENT_TYPES.reduce(
      (sum, type) => sum + sample(metrics, 'webhooks_events_filtered_total', { event_type: type }),
      0,
    );
    expect(filtered).toBe(2000 - total);
  }, 300_000); // 1 000 publishes and their deliveries: well under a minute quiet, more at a load of 15

  it('a filter is returned by GET, replaced or removed by PATCH, and applies at once', async () => {
    const sub = await createSubscription(t, {
      url: `http://127.0.0.1:${receiver.port}/critical`,
      events: ['report_signed'],
      filter: { 'results.abnormalFlag': { $in: ['HH', 'LL'] } },
    });
    const get = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin).expect(200);
    expect(get.body.filter).toEqual({ 'results.abnormalFlag': { $in: ['HH', 'LL'] } });

    receiver.requests.length = 0;
    const webhooks = t.app.get(WebhooksPublisher);
    const example = structuredClone(WEBHOOK_EVENT_CATALOG.report_signed.example) as any;
    const critical = {
      ...example,
      accessionNumber: 'CRIT',
      results: [{ ...example.results[0], abnormalFlag: 'HH' }, ...example.results],
    };
    await webhooks.publish('report_signed', { ...example, accessionNumber: 'PLAIN' });
    await webhooks.publish('report_signed', critical);
    await waitUntil(() => receiver.requests.some((r) => r.url === '/critical'), 'the critical result');
    await t.http.patch(`/webhooks/subscriptions/${sub.id}`).set(admin).send({ filter: null }).expect(200);
    await webhooks.publish('report_signed', { ...example, accessionNumber: 'AFTER' });
    await waitUntil(() => receiver.requests.filter((r) => r.url === '/critical').length === 2, 'the unfiltered one');
    const seen = receiver.requests.filter((r) => r.url === '/critical').map((r) => JSON.parse(r.body).accessionNumber);
    expect(seen.sort()).toEqual(['AFTER', 'CRIT']);
    expect((await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin)).body.filter).toBeNull();
  });

  it('a filter on eventType sees the name the module adds to a payload published without one', async () => {
    const sub = await createSubscription(t, {
      url: `http://127.0.0.1:${receiver.port}/corrections`,
      events: ['report_signed', 'report_corrected'],
      filter: { eventType: 'report_corrected' },
    });
    const webhooks = t.app.get(WebhooksPublisher);
    const { eventType: _signed, ...signed } = structuredClone(WEBHOOK_EVENT_CATALOG.report_signed.example) as any;
    const { eventType: _corrected, ...corrected } = structuredClone(
      WEBHOOK_EVENT_CATALOG.report_corrected.example,
    ) as any;
    await webhooks.publish('report_signed', signed);
    await webhooks.publish('report_corrected', corrected);
    const rows = await t.dataSource.query('SELECT event_type FROM webhook_deliveries WHERE subscription_id = ?', [
      sub.id,
    ]);
    expect(rows).toEqual([{ event_type: 'report_corrected' }]);
  });

  describe('bad filters: 400 naming the reason, nothing written', () => {
    const base = { url: 'http://127.0.0.1:9/x', events: ['report_signed'] };
    const count = async () =>
      Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);

    it('an unknown path lists the allowed paths', async () => {
      const before = await count();
      const res = await subscribe({ ...base, filter: { 'orderingFacility.code': 'F-1' } }).expect(400);
      expect(res.body.message).toMatch(
        /^filter: unknown path "orderingFacility.code"; allowed paths: eventType, reportId, /,
      );
      expect(res.body.message).toContain('orderingFacility.id');
      expect(res.body.message).toContain('results.abnormalFlag');
      expect(await count()).toBe(before);
    });

    it.each(
      (
        [
          [
            { 'orderingFacility.id': { $gt: 'F-1' } },
            /"orderingFacility.id" is string: \$gt compares numbers, or dates and times/,
          ],
          [{ 'results.value': { $gt: 'high' } }, /"results.value" is number or string: \$gt compares numbers/],
          [{ 'orderingFacility.id': 7 }, /"orderingFacility.id" is string: \$eq cannot compare it with a number/],
          [{ 'orderingFacility.id': ['F-1', 'F-2'] }, /use \{"\$in": \[...\]\} for several/],
          [
            { orderingFacility: { id: 'F-1' } },
            /takes a value or operators among .* \(dotted paths reach nested fields\)/,
          ],
          [{ orderingFacility: 'F-1' }, /"orderingFacility" is object: only \$exists applies/],
          [{ 'orderingFacility.id': { $regex: 'F' } }, /takes a value or operators among/],
          [{ $not: { 'orderingFacility.id': 'F-1' } }, /\$not is not a top-level operator/],
          [{ $or: [] }, /\$or takes a non-empty array of conditions/],
          [{ 'patient.sex': { $exists: 'yes' } }, /\$exists takes true or false/],
          [{}, /an empty condition matches everything/],
          [
            { 'orderingFacility.id': { $in: Array.from({ length: 600 }, (_, i) => `F-${i}`) } },
            /filter is \d+ bytes; at most 4096/,
          ],
          [
            { $and: [{ $and: [{ $and: [{ $and: [{ eventType: 'report_signed' }] }] }] }] },
            /nests deeper than 8 levels/,
          ],
          [[{ 'orderingFacility.id': 'F-1' }], /filter must be a JSON object/],
        ] as [unknown, RegExp][]
      ).map(([filter, message]) => [JSON.stringify(filter).slice(0, 90), filter, message]),
    )('%s is refused', async (_, filter, message) => {
      const before = await count();
      const res = await subscribe({ ...base, filter }).expect(400);
      expect(res.body.message).toMatch(message as RegExp);
      expect(await count()).toBe(before);
    });

    it('a PATCH adding an event that lacks a filtered path is refused, and the subscription stays as it was', async () => {
      const sub = await createSubscription(t, { ...base, filter: { 'results.abnormalFlag': 'HH' } });
      const res = await t.http
        .patch(`/webhooks/subscriptions/${sub.id}`)
        .set(admin)
        .send({ events: ['report_signed', 'sample_rejected'] })
        .expect(400);
      expect(res.body.message).toMatch(
        /unknown path "results.abnormalFlag"; allowed paths: eventType, requisitionId, /,
      );
      const after = (await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin)).body;
      expect(after).toMatchObject({ events: ['report_signed'], filter: { 'results.abnormalFlag': 'HH' } });
    });
  });
});
