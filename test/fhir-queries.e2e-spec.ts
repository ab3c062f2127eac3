import { useDeliveryHost } from './support/delivery-host';
import { bearer, TOKENS } from './support/env';
import { r4SchemaErrors, STATUS_PROFILE, statusParameters } from './support/fhir-r4';
import { reportPayload } from './support/hl7-listener';
import { createSubscription } from './support/test-app';
import { waitUntil } from './support/wait';

const BASE = 'https://lis.example.org/fhir';

/** The event numbers of a notification bundle's status, in order. */
const eventNumbers = (bundle: any): string[] =>
  statusParameters(bundle)
    .filter(([name]) => name === 'notification-event')
    .map(([, parts]) => (parts as [string, string, string][])[0][2]);

describe('fhir-r4 $status and $events (real MariaDB, Redis, HTTP; official R4 schema)', () => {
  const host = useDeliveryHost({ fhir: { baseUrl: BASE } });
  const get = (path: string, token: string = TOKENS.admin) => host.http.get(path).set(bearer(token));

  it('an EMR that missed events 2 to 4 gets them back from $events, each with its focus, valid R4', async () => {
    const sub = await createSubscription(host, {
      url: host.receiver.url('/emr'),
      events: ['report_signed'],
      format: 'fhir-r4',
      userIds: ['alice'],
    });
    // The EMR is down for events 2..4 (their retries are a minute away: still missed when it asks).
    let down = false;
    host.receiver.handler = (req, res) => {
      res.statusCode = down && req.headers['x-webhook-event'] !== 'handshake' ? 503 : 204;
      res.end();
    };
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      down = i >= 2 && i <= 4;
      const { deliveryIds } = await host.webhooks.publish('report_signed', reportPayload({ reportId: `R-${i}` }));
      ids.push(deliveryIds[0]);
      await waitUntil(async () => (await host.entry(deliveryIds[0]))?.attempt_count >= 1, `event ${i} attempted`);
    }
    const got = host.receiver.requests
      .filter((r) => r.headers['x-webhook-event'] === 'report_signed' && r.body)
      .map((r) => JSON.parse(r.body));
    // Five sent, numbered 1 to 5; the EMR, down for 2 to 4, sees 1, then 5: a gap of three.
    expect(got.map(eventNumbers).flat()).toEqual(['1', '2', '3', '4', '5']);

    const res = await get(`/webhooks/subscriptions/${sub.id}/$events?eventsSinceNumber=2&eventsUntilNumber=4`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(res.text);
    expect(r4SchemaErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(bundle.entry[0].resource.meta.profile).toEqual([STATUS_PROFILE]);
    expect(statusParameters(bundle).slice(0, 4)).toEqual([
      ['subscription', 'valueReference', { reference: `${BASE}/Subscription/${sub.id}` }],
      ['topic', 'valueCanonical', `${BASE}/SubscriptionTopic/report_signed`],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'query-event'],
    ]);
    expect(statusParameters(bundle)[4]).toEqual(['events-since-subscription-start', 'valueString', '5']);
    expect(eventNumbers(bundle)).toEqual(['2', '3', '4']);
    expect(bundle.entry.slice(1).map((e: any) => e.fullUrl)).toEqual(
      [2, 3, 4].map((i) => `${BASE}/DiagnosticReport/R-${i}`),
    );
    // No payload field: the id-only subscription's answer names the reports and nothing else.
    expect(res.text).not.toContain(reportPayload().patient.mrn);

    // Without a range: from 1 to the latest. A reversed range or a bad number: 400 naming it.
    expect(eventNumbers(JSON.parse((await get(`/webhooks/subscriptions/${sub.id}/$events`)).text))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    const reversed = await get(`/webhooks/subscriptions/${sub.id}/$events?eventsSinceNumber=4&eventsUntilNumber=2`);
    expect([reversed.status, reversed.body.message]).toEqual([
      400,
      'eventsUntilNumber must not be below eventsSinceNumber',
    ]);
    const bad = await get(`/webhooks/subscriptions/${sub.id}/$events?eventsSinceNumber=0`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('eventsSinceNumber must be a whole number from 1');
  });

  it('$status: a searchset with the status Parameters, valid R4; a Webhook User sees it only for assigned endpoints', async () => {
    const mine = await createSubscription(host, {
      url: host.receiver.url('/mine'),
      events: ['report_signed', 'sample_rejected'],
      format: 'fhir-r4',
      userIds: ['alice'],
    });
    const theirs = await createSubscription(host, {
      url: host.receiver.url('/theirs'),
      events: ['report_signed'],
      format: 'fhir-r4',
      userIds: ['bob'],
    });
    const json = await createSubscription(host, { url: host.receiver.url('/json'), events: ['report_signed'] });
    const res = await get(`/webhooks/subscriptions/${mine.id}/$status`, TOKENS.user);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(res.text);
    expect(r4SchemaErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(bundle.entry[0].search).toEqual({ mode: 'match' });
    expect(statusParameters(bundle)).toEqual([
      ['subscription', 'valueReference', { reference: `${BASE}/Subscription/${mine.id}` }],
      ['status', 'valueCode', 'active'],
      ['type', 'valueCode', 'query-status'],
      ['events-since-subscription-start', 'valueString', '0'],
    ]);
    for (const [token, id, status] of [
      [TOKENS.user, theirs.id, 404],
      [TOKENS.otherUser, mine.id, 404],
      [TOKENS.otherUser, theirs.id, 200],
      [TOKENS.guest, mine.id, 403],
      [TOKENS.admin, theirs.id, 200],
      [TOKENS.admin, json.id, 404],
    ] as const) {
      for (const op of ['$status', '$events']) {
        const answer = await get(`/webhooks/subscriptions/${id}/${op}`, token);
        expect({ token, id, op, status: answer.status }).toEqual({ token, id, op, status });
      }
    }
    const unassigned = await get(`/webhooks/subscriptions/${theirs.id}/$status`, TOKENS.user);
    expect(unassigned.body.message).toBe(`Subscription ${theirs.id} not found`);
  });
});
