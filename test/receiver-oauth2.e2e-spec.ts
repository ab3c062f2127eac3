import { WebhooksPublisher } from '../src';
import { WebhooksClock } from '../src/common/webhooks-clock';
import { OAuth2Tokens } from '../src/sending/oauth2-tokens';
import { AuthorizationServer } from './support/authorization-server';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { rebindingLookup } from './support/table-lookup';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('OAuth2 client credentials (real authorization server: oidc-provider; real MariaDB, Redis, receiver)', () => {
  const lab = { client_id: 'north-lab', client_secret: 'lab-client-secret-4711-abcdef' };
  const labPost = {
    client_id: 'north-lab-post',
    client_secret: 'lab-post-secret-0815-abcdef',
    token_endpoint_auth_method: 'client_secret_post' as const,
  };
  const emr = { client_id: 'emr-gateway', client_secret: 'emr-introspection-secret-99' };
  let auth: AuthorizationServer;
  let receiver: Receiver;
  let t: TestApp;
  const lookup = rebindingLookup();

  beforeAll(async () => {
    auth = await AuthorizationServer.start([lab, labPost, emr]);
    // The EMR gateway accepts a request only with a bearer token the authorization server says is active.
    receiver = await Receiver.start('127.0.0.1');
    t = await startTestApp({
      webhooks: {
        allowPrivateNetworks: false,
        allowedHosts: ['127.0.0.1'],
        lookup,
        retryDelaysSeconds: [0.5, 0.5],
        deliveryTimeoutMs: 10_000,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await auth?.stop();
  });
  // Active tokens, as a gateway caches its introspection answers; a revocation clears it.
  const active = new Set<string>();
  const gateway = () => {
    receiver.handler = async (req, res) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (token && !active.has(token) && (await auth.introspect(token, emr))) active.add(token);
      res.statusCode = token && active.has(token) ? 204 : 401;
      res.end();
    };
  };
  beforeEach(() => {
    receiver.reset();
    gateway();
  });
  afterEach(async () => {
    await auth.setDown(false);
    await auth.setTokenLifetime(3600);
  });

  const admin = bearer(TOKENS.admin);
  const oauth2 = (extra: Record<string, unknown> = {}) => ({
    tokenUrl: auth.tokenUrl,
    clientId: lab.client_id,
    clientSecret: lab.client_secret,
    scope: 'lab-results.write',
    ...extra,
  });
  const subscribe = (path: string, settings = oauth2()) =>
    createSubscription(t, { url: receiver.url(path), events: ['report_signed'], oauth2: settings });
  const publish = (n = 1) =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        t.app.get(WebhooksPublisher).publish('report_signed', { reportId: `R-${i}` }),
      ),
    ).then((r) => r.flatMap((p) => p.deliveryIds));
  const entry = async (id: string) =>
    (await t.dataSource.query('SELECT * FROM webhook_deliveries WHERE id = ?', [id]))[0];
  const attemptsOf = (id: string) =>
    t.dataSource.query('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt', [id]);
  const succeeded = (ids: string[]) =>
    waitUntil(
      async () =>
        Number(
          (
            await t.dataSource.query(
              "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE id IN (?) AND status = 'succeeded'",
              [ids],
            )
          )[0].n,
        ) === ids.length,
      `${ids.length} entries succeeded`,
    );
  const remove = (id: string) => t.http.delete(`/webhooks/subscriptions/${id}`).set(admin);
  const testDelivery = async (id: string) => (await t.http.post(`/webhooks/subscriptions/${id}/test`).set(admin)).body;

  it('100 deliveries share one token request; the token is sent as Bearer and stored as `Bearer [redacted]`', async () => {
    const sub = await subscribe('/many');
    const before = auth.tokenRequests;
    const ids = await publish(100);
    await succeeded(ids);
    expect(auth.tokenRequests - before).toBe(1);
    // At least once: a request may come twice under load, each entry at least once.
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(100);
    const tokens = new Set(receiver.requests.map((r) => r.headers.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^Bearer [\w-]{20,}$/);
    const [attempt] = await attemptsOf(ids[0]);
    expect(JSON.parse(attempt.request_headers).authorization).toBe('Bearer [redacted]');
    const read = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin);
    expect(read.body.oauth2).toEqual({
      tokenUrl: auth.tokenUrl,
      clientId: lab.client_id,
      scope: 'lab-results.write',
      audience: null,
      authMethod: 'client_secret_basic',
      hasClientSecret: true,
    });
    expect(JSON.stringify(read.body)).not.toContain(lab.client_secret);
    await remove(sub.id);
  });

  it('a token is used until 60 s before it expires, then a new one is fetched', async () => {
    await auth.setTokenLifetime(61); // usable for 1 s
    const sub = await subscribe('/expiry');
    const before = auth.tokenRequests;
    // The module's clock stands still, then moves on 1.5 s, rather than the spec waiting for it.
    const t0 = Date.now();
    const clock = jest.spyOn(t.app.get(WebhooksClock), 'now').mockImplementation(() => t0);
    try {
      await succeeded(await publish());
      await succeeded(await publish());
      // Still usable: the second delivery took the cached token.
      expect(auth.tokenRequests - before).toBe(1);
      clock.mockImplementation(() => t0 + 1500);
      await succeeded(await publish());
    } finally {
      clock.mockRestore();
    }
    expect(auth.tokenRequests - before).toBe(2);
    expect(receiver.requests[1].headers.authorization).toBe(receiver.requests[0].headers.authorization);
    expect(receiver.requests[2].headers.authorization).not.toBe(receiver.requests[1].headers.authorization);
    await remove(sub.id);
  });

  it('a 401 from the receiver: one fresh token and one more try within the same attempt', async () => {
    const sub = await subscribe('/revoked');
    await succeeded(await publish());
    const old = receiver.requests[0].headers.authorization!.slice('Bearer '.length);
    await auth.revoke(old, lab);
    active.clear();
    const before = auth.tokenRequests;
    const [id] = await publish();
    await succeeded([id]);
    expect(auth.tokenRequests - before).toBe(1);
    expect(receiver.requests.slice(1).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${old}`,
      expect.not.stringContaining(old),
    ]);
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, response_status: 204, error: null });
    await remove(sub.id);
  });

  it('a receiver that keeps answering 401: one refresh only, then the attempt fails with HTTP 401', async () => {
    const sub = await subscribe('/always-401');
    receiver.handler = (_req, res) => {
      res.statusCode = 401;
      res.end();
    };
    const res = await testDelivery(sub.id);
    expect(res).toMatchObject({ ok: false, status: 401, error: 'HTTP 401' });
    expect(receiver.requests).toHaveLength(2);
    await remove(sub.id);
  });

  it('token endpoint down: the attempt fails with the reason and is retried on the schedule', async () => {
    const sub = await subscribe('/down');
    t.app.get(OAuth2Tokens).forget(sub.id);
    await auth.setDown(true);
    const [id] = await publish();
    const first = await waitUntil(async () => (await attemptsOf(id))[0], 'the first attempt');
    expect(first).toMatchObject({
      response_status: null,
      error: 'oauth2 token request failed: temporarily_unavailable (503)',
    });
    expect((await entry(id)).status).toBe('retrying');
    expect(receiver.requests).toHaveLength(0);
    await auth.setDown(false);
    await succeeded([id]);
    expect((await attemptsOf(id)).map((a: any) => a.error)).toEqual([
      'oauth2 token request failed: temporarily_unavailable (503)',
      null,
    ]);
    await remove(sub.id);
  });

  it('the authorization server refuses the client: its error and status, in the test delivery', async () => {
    const sub = await subscribe('/bad-secret', oauth2({ clientSecret: 'not-the-secret' }));
    expect(await testDelivery(sub.id)).toMatchObject({
      ok: false,
      status: null,
      error: 'oauth2 token request failed: invalid_client (401)',
    });
    expect(receiver.requests).toHaveLength(0);
    await remove(sub.id);
  });

  it('client_secret_post sends the credentials in the form', async () => {
    const sub = await subscribe(
      '/post',
      oauth2({ clientId: labPost.client_id, clientSecret: labPost.client_secret, authMethod: 'client_secret_post' }),
    );
    expect(await testDelivery(sub.id)).toMatchObject({ ok: true, status: 204 });
    await remove(sub.id);
  });

  it('the token URL passes the destination policy: refused at write (400, nothing stored) and at send', async () => {
    const count = async () =>
      Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);
    const before = await count();
    for (const [tokenUrl, message] of [
      ['http://10.0.0.5/token', /^oauth2\.tokenUrl must not point into a private network/],
      ['ftp://127.0.0.1/token', /^oauth2\.tokenUrl must use http or https$/],
    ] as const) {
      const res = await t.http
        .post('/webhooks/subscriptions')
        .set(admin)
        .send({ url: receiver.url('/x'), events: ['report_signed'], oauth2: oauth2({ tokenUrl }) });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('oauth2.tokenUrl');
      expect(res.body.message).toMatch(message);
    }
    expect(await count()).toBe(before);
    // Saved while it resolved to a public address, it now resolves to loopback (DNS rebinding).
    const sub = await subscribe('/rebind', oauth2({ tokenUrl: `http://rebind.test:${auth.port}/token` }));
    const tokenRequests = auth.tokenRequests;
    expect(await testDelivery(sub.id)).toMatchObject({
      ok: false,
      error: 'oauth2 token request failed: destination blocked',
    });
    expect(auth.tokenRequests).toBe(tokenRequests);
    await remove(sub.id);
  });

  it('refuses OAuth2 with basic auth (both set Authorization), and needs a client secret', async () => {
    const both = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: receiver.url('/x'), events: ['report_signed'], username: 'u', password: 'p', oauth2: oauth2() });
    expect(both.status).toBe(400);
    expect(both.body.details[0].field).toBe('oauth2');
    const noSecret = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: receiver.url('/x'), events: ['report_signed'], oauth2: oauth2({ clientSecret: undefined }) });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body).toMatchObject({ message: 'oauth2.clientSecret is required' });
    const tooLong = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: receiver.url('/x'), events: ['report_signed'], oauth2: oauth2({ clientSecret: 's'.repeat(1025) }) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].field).toBe('oauth2.clientSecret');
  });

  it('a PATCH may keep the stored secret; a changed secret drops the cached token', async () => {
    const sub = await subscribe('/patch');
    expect(await testDelivery(sub.id)).toMatchObject({ ok: true });
    const kept = await t.http
      .patch(`/webhooks/subscriptions/${sub.id}`)
      .set(admin)
      .send({ oauth2: oauth2({ clientSecret: undefined, scope: null }) });
    expect(kept.status).toBe(200);
    expect(kept.body.oauth2).toMatchObject({ scope: null, hasClientSecret: true });
    expect(await testDelivery(sub.id)).toMatchObject({ ok: true });
    await t.http
      .patch(`/webhooks/subscriptions/${sub.id}`)
      .set(admin)
      .send({ oauth2: oauth2({ clientSecret: 'wrong-now' }) });
    expect((await testDelivery(sub.id)).error).toBe('oauth2 token request failed: invalid_client (401)');
    const removed = await t.http.patch(`/webhooks/subscriptions/${sub.id}`).set(admin).send({ oauth2: null });
    expect(removed.body.oauth2).toBeNull();
    expect(await testDelivery(sub.id)).toMatchObject({ ok: false, status: 401 });
    await remove(sub.id);
  });
});
