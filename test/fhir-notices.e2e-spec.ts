import { FhirNoticesService } from '../src/subscriptions/fhir-notices.service';
import { useDeliveryHost } from './support/delivery-host';
import { bearer, TOKENS } from './support/env';
import { r4SchemaErrors, statusParameters } from './support/fhir-r4';
import { reportPayload } from './support/hl7-listener';
import { createSubscription } from './support/test-app';
import { waitUntil } from './support/wait';

const BASE = 'https://lis.example.org/fhir';

describe('fhir-r4 handshake and heartbeat: log entries like any other (real MariaDB, Redis, HTTP; official R4 schema)', () => {
  const host = useDeliveryHost({ fhir: { baseUrl: BASE } });
  const admin = bearer(TOKENS.admin);
  const bundles = () => host.receiver.requests.map((r) => JSON.parse(r.body));
  const typeOf = (b: any) => statusParameters(b).find(([name]) => name === 'type')![2];
  const entriesOf = async (id: string) =>
    (await host.http.get(`/webhooks/events?subscriptionId=${id}`).set(admin)).body.items.map((e: any) => [
      e.eventType,
      e.status,
      e.eventNumber,
    ]);
  const allSucceeded = (id: string, n: number) =>
    waitUntil(async () => {
      const entries = await entriesOf(id);
      return entries.length === n && entries.every(([, status]: string[]) => status === 'succeeded');
    }, `${n} entries succeeded`);

  afterEach(async () => {
    for (const { id } of await host.dataSource.query('SELECT id FROM webhook_subscriptions')) {
      await host.http.delete(`/webhooks/subscriptions/${id}`).set(admin);
    }
  });

  it('a handshake on create and on re-activation, each valid R4 with the count so far; the log shows them by type', async () => {
    const sub = await createSubscription(host, {
      url: host.receiver.url('/fhir'),
      events: ['report_signed'],
      format: 'fhir-r4',
    });
    await allSucceeded(sub.id, 1);
    const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload());
    await allSucceeded(sub.id, 2);
    expect((await host.http.patch(`/webhooks/subscriptions/${sub.id}`).set(admin).send({ active: false })).status).toBe(
      200,
    );
    expect((await host.http.patch(`/webhooks/subscriptions/${sub.id}`).set(admin).send({ active: true })).status).toBe(
      200,
    );
    await allSucceeded(sub.id, 3);
    // Newest first: the second handshake, the event (number 1), the first handshake.
    expect(await entriesOf(sub.id)).toEqual([
      ['handshake', 'succeeded', null],
      ['report_signed', 'succeeded', '1'],
      ['handshake', 'succeeded', null],
    ]);
    const [first, event, again] = bundles();
    for (const b of [first, event, again]) expect(r4SchemaErrors(b)).toEqual([]);
    expect(host.receiver.requests[0].headers['content-type']).toBe('application/fhir+json');
    expect(host.receiver.requests[0].headers['x-webhook-event']).toBe('handshake');
    expect(statusParameters(first)).toEqual([
      ['subscription', 'valueReference', { reference: `${BASE}/Subscription/${sub.id}` }],
      ['topic', 'valueCanonical', `${BASE}/SubscriptionTopic/report_signed`],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'handshake'],
      ['events-since-subscription-start', 'valueString', '0'],
    ]);
    expect(first.entry).toHaveLength(1);
    expect(typeOf(event)).toBe('event-notification');
    expect(event.id).toBe(deliveryIds[0]);
    expect(statusParameters(again).slice(3)).toEqual([
      ['type', 'valueCode', 'handshake'],
      ['events-since-subscription-start', 'valueString', '1'],
    ]);
  });

  it('switching a json subscription to fhir-r4 sends a handshake; a json subscription never gets one', async () => {
    const sub = await createSubscription(host, { url: host.receiver.url('/json'), events: ['report_signed'] });
    const switched = await host.http.patch(`/webhooks/subscriptions/${sub.id}`).set(admin).send({ format: 'fhir-r4' });
    expect(switched.status).toBe(200);
    await allSucceeded(sub.id, 1);
    expect(host.receiver.requests.map((r) => r.headers['x-webhook-event'])).toEqual(['handshake']);
  });

  it('a heartbeat after heartbeatPeriodSeconds without an entry, once however many instances check; none before', async () => {
    const quiet = await createSubscription(host, {
      url: host.receiver.url('/quiet'),
      events: ['report_signed', 'sample_rejected'],
      format: 'fhir-r4',
      fhir: { heartbeatPeriodSeconds: 60 },
    });
    const silent = await createSubscription(host, {
      url: host.receiver.url('/no-heartbeat'),
      events: ['report_signed'],
      format: 'fhir-r4',
    });
    await allSucceeded(quiet.id, 1);
    await allSucceeded(silent.id, 1);
    const notices = host.app.get(FhirNoticesService);
    // Not quiet long enough yet: nothing.
    expect(await notices.beat(new Date(Date.now() + 30_000))).toEqual([]);
    // Quiet for the period: three instances check at once, one heartbeat is written.
    const later = new Date(Date.now() + 61_000);
    const written = (await Promise.all([notices.beat(later), notices.beat(later), notices.beat(later)])).flat();
    expect(written).toHaveLength(1);
    await allSucceeded(quiet.id, 2);
    expect((await entriesOf(quiet.id))[0]).toEqual(['heartbeat', 'succeeded', null]);
    expect(await entriesOf(silent.id)).toEqual([['handshake', 'succeeded', null]]);
    const heartbeat = bundles().find((b) => typeOf(b) === 'heartbeat');
    expect(r4SchemaErrors(heartbeat)).toEqual([]);
    // Two event types, two topics: a notice names none.
    expect(statusParameters(heartbeat)).toEqual([
      ['subscription', 'valueReference', { reference: `${BASE}/Subscription/${quiet.id}` }],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'heartbeat'],
      ['events-since-subscription-start', 'valueString', '0'],
    ]);
    // The heartbeat itself restarts the quiet period.
    expect(await notices.beat(new Date(later.getTime() + 30_000))).toEqual([]);
  });
});
