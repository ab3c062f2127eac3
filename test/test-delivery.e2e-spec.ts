import { Webhook } from 'standardwebhooks';
import { EXAMPLES } from '../src/event-types/schemas/examples';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { rebindingLookup } from './support/table-lookup';
import { startTestApp, TestApp, createSubscription } from './support/test-app';

describe('POST /webhooks/subscriptions/:id/test (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  // `rebind.test` passes the save-time check with a public address, then resolves to loopback.
  const lookup = rebindingLookup();

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp({
      webhooks: { allowPrivateNetworks: false, allowedHosts: ['allowed.test'], lookup, deliveryTimeoutMs: 1000 },
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => (receiver.requests.length = 0));

  const subscribe = (path: string, extra: Record<string, unknown> = {}, host = 'allowed.test') =>
    createSubscription(t, {
      url: `http://${host}:${receiver.port}${path}`,
      events: ['report_signed'],
      userIds: ['alice'],
      ...extra,
    });
  const test = (id: string, token: string = TOKENS.admin) =>
    t.http.post(`/webhooks/subscriptions/${id}/test`).set(bearer(token));
  const logRows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries'))[0].n);

  it("sends one signed webhook_test POST with basic auth and the custom headers, and answers with the receiver's reply", async () => {
    const sub = await subscribe('/ok', {
      username: 'lab',
      password: 's3cret-pw',
      headers: { 'X-Partner-Key': 'pk-123' },
    });
    // It echoes the secrets it got, as careless receivers do: the answer shows them redacted.
    receiver.handler = (req, res) => {
      res.statusCode = 202;
      res.end(`pong ${req.headers['x-partner-key']} ${req.headers.authorization}`);
    };
    const res = await test(sub.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: true,
      status: 202,
      durationMs: expect.any(Number),
      responseBody: 'pong [redacted] Basic [redacted]',
      error: null,
    });

    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req.url).toBe('/ok');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('lab:s3cret-pw').toString('base64')}`);
    expect(req.headers['x-partner-key']).toBe('pk-123');
    expect(req.headers['x-webhook-event']).toBe('webhook_test');
    const body = new Webhook(sub.signingSecret).verify(req.body, req.headers as Record<string, string>) as Record<
      string,
      unknown
    >;
    expect(body).toEqual({ eventType: 'webhook_test', subscriptionId: sub.id, sentAt: expect.any(String) });
    expect(Math.abs(Date.parse(body.sentAt as string) - Date.now())).toBeLessThan(60_000);
    // Not an event: nothing in the log, and the secret never in the answer.
    expect(await logRows()).toBe(0);
    expect(JSON.stringify(res.body)).not.toContain('s3cret-pw');
  });

  it("with an eventType, sends that type's catalog example, signed, with its webhook-schema header", async () => {
    const sub = await subscribe('/example', { events: ['sample_rejected'] });
    receiver.handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const res = await t.http
      .post(`/webhooks/subscriptions/${sub.id}/test`)
      .set(bearer(TOKENS.admin))
      .send({ eventType: 'report_signed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 204, error: null });
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req.headers['x-webhook-event']).toBe('report_signed');
    expect(req.headers['webhook-schema']).toBe('report_signed/1');
    const body = new Webhook(sub.signingSecret).verify(req.body, req.headers as Record<string, string>);
    expect(body).toEqual(EXAMPLES.report_signed);
    expect(await logRows()).toBe(0);
  });

  it('refuses an unknown eventType with a 400 naming the field, and sends nothing', async () => {
    const sub = await subscribe('/bad-type');
    receiver.handler = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    for (const eventType of ['report_lost', 42, null]) {
      const res = await t.http
        .post(`/webhooks/subscriptions/${sub.id}/test`)
        .set(bearer(TOKENS.admin))
        .send({ eventType });
      if (eventType === null) {
        expect(res.status).toBe(200); // null is no eventType: the ping
        continue;
      }
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        {
          field: 'eventType',
          message: expect.stringMatching(/^eventType must be one of requisition_signed_accession, report_signed, /),
        },
      ]);
    }
    const extra = await t.http
      .post(`/webhooks/subscriptions/${sub.id}/test`)
      .set(bearer(TOKENS.admin))
      .send({ eventType: 'report_signed', payload: { patient: 1 } });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toMatch(/payload/);
    expect(receiver.requests.map((r) => JSON.parse(r.body).eventType)).toEqual(['webhook_test']);
  });

  it('answers 200 with ok false and the status on a 500, once, with no retry', async () => {
    const sub = await subscribe('/fails');
    receiver.handler = (_req, res) => {
      res.statusCode = 500;
      res.end('database locked');
    };
    const res = await test(sub.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, status: 500, responseBody: 'database locked', error: 'HTTP 500' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);
    expect(await logRows()).toBe(0);
  });

  it('reports a timeout when the receiver does not answer within deliveryTimeoutMs', async () => {
    const sub = await subscribe('/hangs');
    receiver.handler = () => undefined; // never answers
    const res = await test(sub.id);
    expect(res.body).toMatchObject({ ok: false, status: null, responseBody: null, error: 'timeout' });
  });

  it('applies the destination policy: a name that now resolves into the lab network is refused, nothing is sent', async () => {
    const sub = await subscribe('/rebind', {}, 'rebind.test');
    const res = await test(sub.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, status: null, error: 'destination blocked' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('is for admins only, and 404 for an unknown subscription', async () => {
    const sub = await subscribe('/perm');
    const byUser = await test(sub.id, TOKENS.user);
    expect(byUser.status).toBe(403);
    expect(byUser.body.message).toBe('Only a Webhook Admin may do this');
    const unknown = await test('0190f0f0-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(receiver.requests).toHaveLength(0);
  });
});
