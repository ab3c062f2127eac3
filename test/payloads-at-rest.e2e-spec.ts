import { randomBytes } from 'node:crypto';
import { WebhooksPublisher } from '../src';
import { SecretBox } from '../src/crypto/secret-box';
import { resolveWebhooksOptions } from '../src/webhooks-options';
import { bearer, TOKENS } from './support/env';
import { insertAttempts, insertEntries } from './support/event-log-rows';
import { Receiver } from './support/receiver';
import { dumpDatabase, dumpRedis, markerForms } from './support/stores-dump';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('payloads at rest (real MariaDB + mysqldump, real Redis + SCAN/DUMP)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let webhooks: WebhooksPublisher;
  let subscriptionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    webhooks = t.app.get(WebhooksPublisher);
    receiver = await Receiver.start();
    subscriptionId = (await createSubscription(t, { url: receiver.url('/lab'), events: ['report_signed'] })).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('holds no payload value in MySQL or Redis, in flight or after; the receiver and the detail API get it whole', async () => {
    const marker = `PHI-${randomBytes(8).toString('hex')}`;
    const replyMarker = `REPLY-${randomBytes(8).toString('hex')}`;
    const payload = {
      reportId: 'R-77',
      patient: { name: `Jane ${marker}`, mrn: marker, dob: '1970-01-01' },
      note: 'ünïcødé ✓',
    };
    // The receiver holds the request open until both stores are read: the job is live in Redis.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    receiver.handler = async (_req, res) => {
      await released;
      res.statusCode = 200;
      res.setHeader('content-type', 'text/plain');
      res.end(`accepted ${replyMarker} for ${marker}`);
    };
    const { deliveryIds } = await webhooks.publish('report_signed', payload);
    await receiver.waitFor(1);

    const inFlight = await dumpRedis(t.bullPrefix);
    expect(inFlight.keys.some((k) => k.includes(`${deliveryIds[0]}:1`))).toBe(true); // the job is there
    const dbInFlight = dumpDatabase(t.databaseUrl);
    expect(dbInFlight).toContain(deliveryIds[0]);
    release();
    await waitUntil(
      async () =>
        (await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [deliveryIds[0]]))[0].status ===
        'succeeded',
      'the entry to succeed',
    );

    expect(receiver.requests[0].body).toBe(JSON.stringify({ ...payload, eventType: 'report_signed' }));
    const after = dumpDatabase(t.databaseUrl);
    const afterRedis = await dumpRedis(t.bullPrefix);
    expect(after).toMatch(/'v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+'/); // sealed values are there
    for (const text of [inFlight.text, dbInFlight, after, afterRedis.text]) {
      for (const form of [...markerForms(marker), ...markerForms(replyMarker), 'R-77'])
        expect(text).not.toContain(form);
    }

    const detail = await t.http.get(`/webhooks/events/${deliveryIds[0]}`).set(bearer(TOKENS.admin));
    expect(detail.status).toBe(200);
    expect(detail.body.payload).toEqual({ ...payload, eventType: 'report_signed' });
    expect(detail.body.attempts[0].responseBody).toBe(`accepted ${replyMarker} for ${marker}`);
    expect(detail.body.subject).toBe('R-77');
  });

  it("stores a 204's empty body as it is (nothing to seal), and the detail API shows it empty", async () => {
    receiver.handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const { deliveryIds } = await webhooks.publish('report_signed', { reportId: 'R-204' });
    await waitUntil(
      async () =>
        (await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [deliveryIds[0]]))[0].status ===
        'succeeded',
      'the entry to succeed',
    );
    const [row] = await t.dataSource.query(
      'SELECT response_status, response_body FROM webhook_attempts WHERE delivery_id = ?',
      [deliveryIds[0]],
    );
    expect(row).toEqual({ response_status: 204, response_body: '' });
    const detail = await t.http.get(`/webhooks/events/${deliveryIds[0]}`).set(bearer(TOKENS.admin));
    expect(detail.body.attempts).toHaveLength(1);
    expect(detail.body.attempts[0]).toMatchObject({ responseStatus: 204, responseBody: '' });
  });

  it('still reads and sends entries stored before sealing was on (plain JSON)', async () => {
    receiver.handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const [old] = await insertEntries(t.dataSource, [
      { subscriptionId, status: 'failed', payload: { reportId: 'R-old', name: 'plain' } },
    ]);
    const detail = await t.http.get(`/webhooks/events/${old.id}`).set(bearer(TOKENS.admin));
    expect(detail.body.payload).toEqual({ reportId: 'R-old', name: 'plain', eventType: 'report_signed' });
    const before = receiver.requests.length;
    const resent = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [old.id] });
    expect(resent.status).toBe(202);
    await receiver.waitFor(before + 1);
    expect(receiver.requests.at(-1)!.body).toBe(old.payload);
  });
});

describe('payloads at rest with encryptPayloads: false', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ webhooks: { encryptPayloads: false, processDeliveries: false } })));
  afterAll(() => t.close());

  it('stores the payload as plain JSON (the subject copy stays sealed)', async () => {
    await createSubscription(t, { url: 'https://partner.example.com/h', events: ['report_signed'] });
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-plain' });
    const [row] = await t.dataSource.query('SELECT payload, subject_sealed FROM webhook_deliveries WHERE id = ?', [
      deliveryIds[0],
    ]);
    expect(JSON.parse(row.payload)).toEqual({ reportId: 'R-plain', eventType: 'report_signed' });
    expect(row.subject_sealed).toMatch(/^v1\./);
  });

  it("shows a plain answer that starts with 'v1.' as it is, and an answer sealed under a key gone as null, the entry whole", async () => {
    const created = await createSubscription(t, { url: 'https://partner.example.com/v1', events: ['report_signed'] });
    const [entry] = await insertEntries(t.dataSource, [{ subscriptionId: created.id, status: 'failed' }]);
    const goneKey = new SecretBox(resolveWebhooksOptions({ encryptionKey: randomBytes(32).toString('base64') }));
    await insertAttempts(t.dataSource, entry.id, [
      { responseBody: 'v1.ok' },
      { responseBody: goneKey.seal('answer under a retired key') },
    ]);
    const detail = await t.http.get(`/webhooks/events/${entry.id}`).set(bearer(TOKENS.admin)).expect(200);
    expect(detail.body.attempts.map((a: any) => a.responseBody)).toEqual(['v1.ok', null]);
  });
});
