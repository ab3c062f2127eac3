import { Webhook } from 'standardwebhooks';
import { FhirEventInput, FhirFocus } from '../src';
import { EXAMPLES } from '../src/event-types/schemas/examples';
import { useDeliveryHost } from './support/delivery-host';
import { bearer, TOKENS } from './support/env';
import { r4SchemaErrors, STATUS_PROFILE, statusParameters } from './support/fhir-r4';
import { reportPayload } from './support/hl7-listener';
import { createSubscription, startTestApp } from './support/test-app';
import { waitUntil } from './support/wait';

const BASE = 'https://lis.example.org/fhir';
const NOTIFICATION_PROFILE =
  'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4';

/** The host's FHIR API, as `resourceOf` hands it over: a DiagnosticReport for report events. */
const resourceOf = ({ payload, focus }: FhirEventInput & { focus: FhirFocus }) => ({
  resourceType: focus.resourceType,
  id: focus.id,
  status: 'final',
  code: { text: 'Lab report' },
  subject: { display: `${payload.patient.name.given[0]} ${payload.patient.name.family}` },
});

describe('fhir-r4 format: Subscriptions Backport notifications (real MariaDB, Redis, HTTP; official R4 schema)', () => {
  const host = useDeliveryHost({ retryDelaysSeconds: [0.2, 0.2], fhir: { baseUrl: `${BASE}/`, resourceOf } });

  const subscribe = (fhir?: Record<string, unknown>, events = ['report_signed', 'sample_rejected']) =>
    createSubscription(host, { url: host.receiver.url('/fhir'), events, format: 'fhir-r4', ...(fhir ? { fhir } : {}) });
  const ended = (id: string, status = 'succeeded') =>
    waitUntil(async () => (await host.entry(id))?.status === status, `entry ${status}`);
  const publishAndWait = async (eventType: any, payload: Record<string, unknown>) => {
    const { deliveryIds } = await host.webhooks.publish(eventType, payload);
    await ended(deliveryIds[0]);
    return deliveryIds[0];
  };
  /** What the receiver got apart from the handshakes (docs: fhir-notices spec). */
  const notifications = () => host.receiver.requests.filter((r) => r.headers['x-webhook-event'] !== 'handshake');
  const bundles = () => notifications().map((r) => JSON.parse(r.body));
  const unsubscribe = (id: string) => host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));
  // A case that failed half-way leaves no subscription behind to receive the next case's events.
  afterEach(async () => {
    for (const { id } of await host.dataSource.query('SELECT id FROM webhook_subscriptions')) await unsubscribe(id);
  });

  it('id-only (the default): a history Bundle valid R4, shaped as the IG has it, numbered 1, 2; no payload field in it', async () => {
    const sub = await subscribe();
    const marker = 'Zz-MARKER-7f3a';
    const payload = reportPayload({
      patient: { ...reportPayload().patient, name: { family: marker, given: [marker] } },
    });
    const first = await publishAndWait('report_signed', payload);
    await publishAndWait('sample_rejected', { ...EXAMPLES.sample_rejected, reason: marker });
    const [req] = notifications();
    expect(req.headers['content-type']).toBe('application/fhir+json');
    expect(() => new Webhook(sub.signingSecret).verify(req.body, req.headers as any)).not.toThrow();
    for (const r of host.receiver.requests) {
      expect(r.body).not.toContain(marker);
      expect(r.body).not.toContain('patient');
    }
    const [report, rejected] = bundles();
    for (const b of [report, rejected]) expect(r4SchemaErrors(b)).toEqual([]);
    expect(report).toMatchObject({
      resourceType: 'Bundle',
      id: first,
      meta: { profile: [NOTIFICATION_PROFILE] },
      type: 'history',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(report.entry[0]).toMatchObject({
      fullUrl: `urn:uuid:${first}`,
      resource: { resourceType: 'Parameters', id: first, meta: { profile: [STATUS_PROFILE] } },
      request: { method: 'GET', url: `${BASE}/Subscription/${sub.id}/$status` },
      response: { status: '200' },
    });
    const reportId = payload.reportId;
    expect(statusParameters(report)).toEqual([
      ['subscription', 'valueReference', { reference: `${BASE}/Subscription/${sub.id}` }],
      ['topic', 'valueCanonical', `${BASE}/SubscriptionTopic/report_signed`],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'event-notification'],
      ['events-since-subscription-start', 'valueString', '1'],
      [
        'notification-event',
        [
          ['event-number', 'valueString', '1'],
          ['timestamp', 'valueInstant', report.timestamp],
          ['focus', 'valueReference', { reference: `${BASE}/DiagnosticReport/${reportId}` }],
        ],
      ],
    ]);
    // id-only: the focus's entry names the resource and carries none of it.
    expect(report.entry.slice(1)).toEqual([
      {
        fullUrl: `${BASE}/DiagnosticReport/${reportId}`,
        request: { method: 'GET', url: `DiagnosticReport/${reportId}` },
        response: { status: '200' },
      },
    ]);
    expect(statusParameters(rejected).slice(1, 5)).toEqual([
      ['topic', 'valueCanonical', `${BASE}/SubscriptionTopic/sample_rejected`],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'event-notification'],
      ['events-since-subscription-start', 'valueString', '2'],
    ]);
    expect(statusParameters(rejected)[5]).toEqual([
      'notification-event',
      [
        ['event-number', 'valueString', '2'],
        ['timestamp', 'valueInstant', rejected.timestamp],
        ['focus', 'valueReference', { reference: `${BASE}/Specimen/${EXAMPLES.sample_rejected.sampleId}` }],
      ],
    ]);
    // The event catalog serves each event type's topic, the one its notifications name.
    const catalog = await host.http.get('/webhooks/event-types').set(bearer(TOKENS.user));
    expect(catalog.body.map((t: any) => [t.name, t.fhirTopic])).toEqual(
      catalog.body.map((t: any) => [t.name, `${BASE}/SubscriptionTopic/${t.name}`]),
    );
    expect(catalog.body.find((t: any) => t.name === 'report_signed').fhirTopic).toBe(statusParameters(report)[1][2]);
    const stored = await host.http.get(`/webhooks/subscriptions/${sub.id}`).set(bearer(TOKENS.admin));
    expect(stored.body.fhir).toEqual({ payloadContent: 'id-only', heartbeatPeriodSeconds: null });
    await unsubscribe(sub.id);
  });

  it('empty: the status alone, no focus; full-resource: the host resource as entry 1; both valid R4', async () => {
    const empty = await subscribe({ payloadContent: 'empty' }, ['report_signed']);
    const full = await subscribe({ payloadContent: 'full-resource' }, ['report_signed']);
    const payload = reportPayload();
    const { deliveryIds } = await host.webhooks.publish('report_signed', payload);
    await Promise.all(deliveryIds.map((id) => ended(id)));
    const byPath = (id: string) =>
      bundles().find((b) => b.entry[0].resource.parameter[0].valueReference.reference.endsWith(id));
    const e = byPath(empty.id);
    const f = byPath(full.id);
    for (const b of [e, f]) expect(r4SchemaErrors(b)).toEqual([]);
    expect(e.entry).toHaveLength(1);
    expect(statusParameters(e)[5]).toEqual([
      'notification-event',
      [
        ['event-number', 'valueString', '1'],
        ['timestamp', 'valueInstant', e.timestamp],
      ],
    ]);
    expect(f.entry[1]).toEqual({
      fullUrl: `${BASE}/DiagnosticReport/${payload.reportId}`,
      resource: resourceOf({
        eventType: 'report_signed',
        payload,
        focus: { resourceType: 'DiagnosticReport', id: payload.reportId },
      }),
      request: { method: 'GET', url: `DiagnosticReport/${payload.reportId}` },
      response: { status: '200' },
    });
    await unsubscribe(empty.id);
    await unsubscribe(full.id);
  });

  it('a retry carries the same number and the same bytes; a publish rolled back leaves no gap', async () => {
    const sub = await subscribe(undefined, ['report_signed']);
    let calls = 0;
    host.receiver.handler = (req, res) => {
      res.statusCode = req.headers['x-webhook-event'] !== 'handshake' && calls++ === 0 ? 503 : 204;
      res.end();
    };
    const first = await publishAndWait('report_signed', reportPayload());
    const [a, b] = notifications();
    expect([a.headers['webhook-id'], b.headers['webhook-id']]).toEqual([
      a.headers['webhook-id'],
      a.headers['webhook-id'],
    ]);
    expect(b.body).toBe(a.body);
    expect((await host.entry(first)).event_number).toBe('1');
    // A host transaction that publishes, then rolls back: its number goes back with it.
    await host.dataSource
      .transaction(async (m) => {
        await host.webhooks.publish('report_signed', reportPayload(), { manager: m });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await publishAndWait('report_signed', reportPayload());
    const numbers = bundles().map((x) => statusParameters(x)[4]);
    expect(numbers).toEqual([
      ['events-since-subscription-start', 'valueString', '1'],
      ['events-since-subscription-start', 'valueString', '1'],
      ['events-since-subscription-start', 'valueString', '2'],
    ]);
    await unsubscribe(sub.id);
  });

  it('refuses with 400 naming the field, and writes nothing: fhir on another format, bad payloadContent or heartbeat', async () => {
    const url = host.receiver.url('/refused');
    for (const [body, field] of [
      [{ format: 'json', fhir: { payloadContent: 'empty' } }, 'fhir applies only to format fhir-r4'],
      [
        { format: 'fhir-r4', fhir: { payloadContent: 'all' } },
        'payloadContent must be one of: empty, id-only, full-resource',
      ],
      [{ format: 'fhir-r4', fhir: { heartbeatPeriodSeconds: 5 } }, 'heartbeatPeriodSeconds must be at least 60'],
      [{ format: 'fhir-r4', fhir: 'id-only' }, 'fhir must be an object'],
    ] as const) {
      const res = await host.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send({ url, events: ['report_signed'], ...body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const rows = await host.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE url = ?', [url]);
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('fhir-r4 format on a host that supplies no FHIR resources', () => {
  it('full-resource cannot be chosen (400 naming fhir.payloadContent); an id-only subscription cannot switch to it either', async () => {
    const t = await startTestApp({ webhooks: {} });
    try {
      const body = { url: 'http://127.0.0.1:9/fhir', events: ['report_signed'], format: 'fhir-r4' };
      const refused = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send({ ...body, fhir: { payloadContent: 'full-resource' } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('fhir.payloadContent full-resource is not available');
      const rows = await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions');
      expect(Number(rows[0].n)).toBe(0);
      const sub = await createSubscription(t, body);
      // Switching an id-only subscription to full-resource is refused the same way, and changes nothing.
      const update = await t.http
        .patch(`/webhooks/subscriptions/${sub.id}`)
        .set(bearer(TOKENS.admin))
        .send({ fhir: { payloadContent: 'full-resource' } });
      expect(update.status).toBe(400);
      const after = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(bearer(TOKENS.admin));
      expect(after.body.fhir).toEqual({ payloadContent: 'id-only', heartbeatPeriodSeconds: null });
    } finally {
      await t.close();
    }
  });
});
