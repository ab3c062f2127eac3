import { randomBytes } from 'node:crypto';
import { WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { dumpDatabase, markerForms } from './support/stores-dump';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('expunging a payload (real MariaDB + mysqldump)', () => {
  let t: TestApp;
  let receiver: Receiver;
  const marker = `PHI-${randomBytes(8).toString('hex')}`;
  let entryId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    // Sealing off: the dump would show the marker in plain text if the erase missed a column.
    t = await startTestApp({ webhooks: { encryptPayloads: false } });
    receiver = await Receiver.start('127.0.0.1', (_req, res) => {
      res.statusCode = 500;
      res.end(`refused ${marker}`);
    });
    const sub = await createSubscription(t, {
      url: receiver.url('/lab'),
      events: ['report_signed'],
      userIds: ['alice'],
    });
    subscriptionId = sub.id;
    [entryId] = (
      await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: marker, name: marker })
    ).deliveryIds;
    await waitUntil(
      async () =>
        (await t.dataSource.query('SELECT attempt_count FROM webhook_deliveries WHERE id = ?', [entryId]))[0]
          .attempt_count >= 1,
      'the first attempt',
    );
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('a Webhook User may not expunge (403), and nothing changes', async () => {
    const res = await t.http.delete(`/webhooks/events/${entryId}/payload`).set(bearer(TOKENS.user));
    expect(res.status).toBe(403);
    expect(dumpDatabase(t.databaseUrl)).toContain(marker);
  });

  it('erases payload, response bodies and subject; keeps status and attempts; one audit row', async () => {
    const before = await t.http.get(`/webhooks/events/${entryId}`).set(bearer(TOKENS.admin));
    expect(before.body.attempts[0].responseBody).toBe(`refused ${marker}`);

    const res = await t.http.delete(`/webhooks/events/${entryId}/payload`).set(bearer(TOKENS.admin));
    expect(res.status).toBe(204);

    const dump = dumpDatabase(t.databaseUrl);
    expect(dump).toContain(entryId);
    for (const form of markerForms(marker)) expect(dump).not.toContain(form);

    const after = await t.http.get(`/webhooks/events/${entryId}`).set(bearer(TOKENS.admin));
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ payloadExpunged: true, payload: null, subject: null });
    expect(['canceled', 'failed']).toContain(after.body.status); // a retry was due: canceled
    expect(after.body.attempts[0]).toMatchObject({ attempt: 1, responseStatus: 500, responseBody: null });
    const listed = await t.http.get('/webhooks/events').query({ subscriptionId }).set(bearer(TOKENS.admin));
    expect(listed.body.items[0]).toMatchObject({ id: entryId, payloadExpunged: true, subject: null });

    const audit = await t.http.get('/webhooks/audit').query({ action: 'payload.expunged' }).set(bearer(TOKENS.admin));
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actorId: 'admin', subscriptionId, deliveryIds: [entryId], count: 1 });
    // Viewing an expunged entry shows no payload, so it is not an `event.viewed`.
    const views = await t.http.get('/webhooks/audit').query({ action: 'event.viewed' }).set(bearer(TOKENS.admin));
    expect(views.body.items).toHaveLength(1); // the read before the expunge only
  });

  it('a resend of an expunged entry is a 409 that says why, and queues nothing', async () => {
    const attempts = receiver.requests.length;
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [entryId] });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(`The payload of event ${entryId} was expunged: there is nothing left to send`);
    const [row] = await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [entryId]);
    expect(row.status).not.toBe('pending');
    expect(receiver.requests.length).toBe(attempts);
  });

  it('a second expunge is a no-op: 204, no second audit row', async () => {
    expect((await t.http.delete(`/webhooks/events/${entryId}/payload`).set(bearer(TOKENS.admin))).status).toBe(204);
    const audit = await t.http.get('/webhooks/audit').query({ action: 'payload.expunged' }).set(bearer(TOKENS.admin));
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('an expunge while an attempt is in flight (real MariaDB, a receiver that holds its answer)', () => {
  let t: TestApp;
  let receiver: Receiver;
  const marker = `PHI-${randomBytes(8).toString('hex')}`;
  let answer: () => void = () => undefined;

  beforeAll(async () => {
    // Sealing off: a response body stored again would show the marker in the dump.
    t = await startTestApp({
      webhooks: { encryptPayloads: false, retryDelaysSeconds: [0.2, 0.2], recoveryIntervalMs: 300 },
    });
    receiver = await Receiver.start('127.0.0.1', (_req, res) => {
      // Held until the test lets it go; then a failure that echoes the payload and asks for a retry.
      answer = () => {
        res.statusCode = 500;
        res.end(`could not file ${marker}`);
      };
    });
  });
  afterAll(async () => {
    answer();
    await t.close();
    await receiver.close();
  });

  it('the late attempt is recorded without its response body, the entry stays canceled, nothing is sent again', async () => {
    await createSubscription(t, { url: receiver.url('/slow'), events: ['report_signed'] });
    const [id] = (await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: marker })).deliveryIds;
    await receiver.waitFor(1);

    expect((await t.http.delete(`/webhooks/events/${id}/payload`).set(bearer(TOKENS.admin))).status).toBe(204);
    answer();
    const attempts = () => t.dataSource.query('SELECT response_body FROM webhook_attempts WHERE delivery_id = ?', [id]);
    await waitUntil(async () => (await attempts()).length === 1, 'the late attempt to be recorded');
    // Retries were due 0.2 s after the failure; give them several times that.
    await new Promise((r) => setTimeout(r, 1500));

    expect(receiver.requests).toHaveLength(1);
    expect(await attempts()).toEqual([{ response_body: null }]);
    const [entry] = await t.dataSource.query(
      'SELECT status, payload, payload_expunged FROM webhook_deliveries WHERE id = ?',
      [id],
    );
    expect(entry).toMatchObject({ status: 'canceled', payload: '', payload_expunged: 1 });
    for (const form of markerForms(marker)) expect(dumpDatabase(t.databaseUrl)).not.toContain(form);
  });
});
