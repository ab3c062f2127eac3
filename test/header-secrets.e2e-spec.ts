import { DataSource } from 'typeorm';
import { WEBHOOKS_MIGRATIONS, WebhooksPublisher } from '../src';
import { mysqlDataSourceOptions, resealSecretsCommand } from '../src/cli/reseal-secrets.command';
import { newId } from '../src/common/ids';
import { SecretBox } from '../src/crypto/secret-box';
import { SealedHeaderValues1765000000000 } from '../src/persistence/migrations/1765000000000-sealed-header-values';
import { resolveWebhooksOptions } from '../src/webhooks-options';
import { createTestDatabase } from './support/database';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { dumpDatabase, markerForms } from './support/stores-dump';
import { startTestApp, TestApp, testEncryptionKey } from './support/test-app';
import { waitUntil } from './support/wait';

const CAP = 400;
const KEY = 'hdrKey-Marker-7fQ2xW';
/** A quote and a backslash: a JSON echo escapes them, and the escaped form is a secret too. */
const SITE = 'siteMarker-"93x\\Lq';
const PASSWORD = 'pwMarker-Qz81-basic';
const CREDENTIAL = `lab:${PASSWORD}`;
const ENCODED = Buffer.from(CREDENTIAL).toString('base64');
/** Every form of every secret that must never be stored or shown: as is, and JSON-escaped. */
const SECRETS = [KEY, SITE, PASSWORD, CREDENTIAL, ENCODED].flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);

/**
 * A careless receiver: it echoes what it got, in its body (the request headers, the decoded
 * Basic credential, the password alone) and in a response header. `/cut` pads its echo so the cap cuts a secret.
 */
async function echoingReceiver(): Promise<Receiver> {
  return Receiver.start('127.0.0.1', (req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8');
    res.setHeader('x-echo-key', String(req.headers['x-partner-key'] ?? ''));
    res.setHeader('content-type', 'application/json');
    res.statusCode = 200;
    if (req.url === '/cut') res.end(`${'.'.repeat(CAP - 6)}${KEY}`);
    else {
      const { authorization, 'x-partner-key': key, 'x-site': site } = req.headers;
      const password = decoded.slice(decoded.indexOf(':') + 1);
      const echo = { headers: { authorization, 'x-partner-key': key, 'x-site': site }, credential: decoded, password };
      res.end(JSON.stringify(echo));
    }
  });
}

const expectNoSecret = (what: string, text: string) => {
  for (const secret of SECRETS) if (text.includes(secret)) throw new Error(`${what} holds "${secret}"`);
};

describe('custom header values and the Basic credential are secrets (real MariaDB, Redis, an echoing receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let subscriptionId: string;
  const admin = bearer(TOKENS.admin);
  const alice = bearer(TOKENS.user);

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { responseBodyLimitBytes: CAP, retryDelaysSeconds: [0.2] } });
    receiver = await echoingReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const deliver = async (url = receiver.url('/echo')) => {
    receiver.requests.length = 0;
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' });
    await waitUntil(
      async () =>
        (await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [deliveryIds[0]]))[0]
          ?.status === 'succeeded',
      'the delivery to succeed',
    );
    expect(receiver.requests.map((r) => r.url)).toEqual([new URL(url).pathname]);
    return { deliveryId: deliveryIds[0], received: receiver.requests[0] };
  };

  it('the receiver gets the values; answers, stored attempts and a dump hold none of them', async () => {
    const created = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({
        url: receiver.url('/echo'),
        events: ['report_signed'],
        username: 'lab',
        password: PASSWORD,
        headers: { 'X-Partner-Key': KEY, 'X-Site': SITE },
        userIds: ['alice'],
      });
    expect(created.status).toBe(201);
    subscriptionId = created.body.id;
    expect(created.body.headers).toEqual({ 'X-Partner-Key': { hasValue: true }, 'X-Site': { hasValue: true } });
    expectNoSecret('the create answer', created.text);

    const { deliveryId, received } = await deliver();
    expect(received.headers['x-partner-key']).toBe(KEY);
    expect(received.headers['x-site']).toBe(SITE);
    expect(received.headers.authorization).toBe(`Basic ${ENCODED}`);

    const [attempt] = await t.dataSource.query('SELECT request_headers FROM webhook_attempts WHERE delivery_id = ?', [
      deliveryId,
    ]);
    expect(JSON.parse(attempt.request_headers)).toMatchObject({
      'X-Partner-Key': '[redacted]',
      'X-Site': '[redacted]',
      authorization: 'Basic [redacted]',
    });

    for (const who of [admin, alice]) {
      const detail = await t.http.get(`/webhooks/events/${deliveryId}`).set(who);
      expect(detail.status).toBe(200);
      expectNoSecret('the event detail', detail.text);
      const [a] = detail.body.attempts;
      // The echo is kept, with each secret replaced where it stood.
      expect(JSON.parse(a.responseBody)).toMatchObject({
        credential: '[redacted]',
        password: '[redacted]',
        headers: { 'x-partner-key': '[redacted]', 'x-site': '[redacted]', authorization: 'Basic [redacted]' },
      });
      expect(a.responseHeaders['x-echo-key']).toBe('[redacted]');

      const one = await t.http.get(`/webhooks/subscriptions/${subscriptionId}`).set(who);
      expect(one.body.headers).toEqual({ 'X-Partner-Key': { hasValue: true }, 'X-Site': { hasValue: true } });
      const list = await t.http.get('/webhooks/subscriptions').set(who);
      expect(list.body.items.map((s: any) => s.id)).toContain(subscriptionId);
      for (const text of [one.text, list.text, (await t.http.get('/webhooks/events').set(who)).text])
        expectNoSecret('an answer', text);
    }

    const dump = dumpDatabase(t.databaseUrl);
    expect(dump).toContain(subscriptionId);
    for (const secret of SECRETS) for (const form of markerForms(secret)) expect(dump).not.toContain(form);
  });

  it('a response cut by the cap keeps no piece of a secret that straddles the cut', async () => {
    await t.http
      .patch(`/webhooks/subscriptions/${subscriptionId}`)
      .set(admin)
      .send({ url: receiver.url('/cut') })
      .expect(200);
    const { deliveryId } = await deliver(receiver.url('/cut'));
    const [a] = (await t.http.get(`/webhooks/events/${deliveryId}`).set(admin)).body.attempts;
    expect(a.responseBody).toBe(`${'.'.repeat(CAP - 6)}[redac`);
    await t.http
      .patch(`/webhooks/subscriptions/${subscriptionId}`)
      .set(admin)
      .send({ url: receiver.url('/echo') })
      .expect(200);
  });

  it('an update keeps a value given as { hasValue: true }, sets a new one and drops names not given', async () => {
    const patch = (body: object) => t.http.patch(`/webhooks/subscriptions/${subscriptionId}`).set(admin).send(body);
    const res = await patch({ headers: { 'x-partner-key': { hasValue: true }, 'X-New': 'new-value' } });
    expect(res.status).toBe(200);
    expect(res.body.headers).toEqual({ 'x-partner-key': { hasValue: true }, 'X-New': { hasValue: true } });
    let { received } = await deliver();
    expect(received.headers['x-partner-key']).toBe(KEY);
    expect(received.headers['x-new']).toBe('new-value');
    expect(received.headers['x-site']).toBeUndefined();

    // A patch without `headers` leaves them; a GET's answer sent back as is keeps them too.
    expect((await patch({ description: 'd' })).status).toBe(200);
    const got = await t.http.get(`/webhooks/subscriptions/${subscriptionId}`).set(admin);
    expect((await patch({ headers: got.body.headers })).status).toBe(200);
    ({ received } = await deliver());
    expect(received.headers['x-partner-key']).toBe(KEY);
    expect(received.headers['x-new']).toBe('new-value');

    const before = await t.dataSource.query('SELECT headers_sealed FROM webhook_subscriptions WHERE id = ?', [
      subscriptionId,
    ]);
    const unknown = await patch({ headers: { 'X-Other': { hasValue: true } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('headers: header "X-Other" has no stored value to keep; give its value');
    const odd = await patch({ headers: { 'X-New': { hasValue: false } } });
    expect(odd.status).toBe(400);
    expect(odd.body.message).toMatch(/headers header "X-New" must have a string value, or \{ "hasValue": true \}/);
    expect(
      await t.dataSource.query('SELECT headers_sealed FROM webhook_subscriptions WHERE id = ?', [subscriptionId]),
    ).toEqual(before);

    const onCreate = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ url: receiver.url(), events: ['report_signed'], headers: { 'X-A': { hasValue: true } } });
    expect(onCreate.status).toBe(400);
    expect(onCreate.body.message).toBe('headers header "X-A" must have a string value');
  });
});

describe('header values written before sealing (real MariaDB, from the schema before the migration)', () => {
  it('stay as they are at start (still sent, listed by name only) until reseal-secrets seals them', async () => {
    const db = await createTestDatabase();
    const encryptionKey = testEncryptionKey();
    const box = new SecretBox(resolveWebhooksOptions({ encryptionKey }));
    const receiver = await echoingReceiver();
    const old = new DataSource({
      type: 'mysql',
      url: db.url,
      migrations: WEBHOOKS_MIGRATIONS.filter((m) => m !== SealedHeaderValues1765000000000),
      timezone: 'Z',
      logging: false,
    });
    let t: TestApp | undefined;
    try {
      await old.initialize();
      await old.runMigrations();
      const id = newId();
      // What the previous version wrote: the values in plain text.
      await old.query(
        `INSERT INTO webhook_subscriptions (id, url, events, signing_secret_sealed, headers, active, created_at, updated_at)
         VALUES (?, ?, '["report_signed"]', ?, ?, 1, NOW(3), NOW(3))`,
        [
          id,
          receiver.url('/echo'),
          box.seal('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
          JSON.stringify({ 'X-Partner-Key': KEY, 'X-Site': SITE }),
        ],
      );
      await old.destroy();
      expect(dumpDatabase(db.url)).toContain(KEY); // the starting point really is plain

      // Starting the module changes nothing at rest: no data migration runs at every start.
      t = await startTestApp({ databaseUrl: db.url, webhooks: { encryptionKey } });
      const stored = async () =>
        (await t!.dataSource.query('SELECT headers, headers_sealed FROM webhook_subscriptions WHERE id = ?', [id]))[0];
      expect(JSON.parse((await stored()).headers)).toEqual({ 'X-Partner-Key': KEY, 'X-Site': SITE });

      const got = await t.http.get(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));
      expect(got.body.headers).toEqual({ 'X-Partner-Key': { hasValue: true }, 'X-Site': { hasValue: true } });
      await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-2' });
      await receiver.waitFor(1);
      expect(receiver.requests[0].headers['x-partner-key']).toBe(KEY);
      expect(receiver.requests[0].headers['x-site']).toBe(SITE);

      // The one-time step: `reseal-secrets` seals them, and they are still sent.
      const lines: string[] = [];
      const output = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
      const env = { DATABASE_URL: db.url, WEBHOOKS_ENCRYPTION_KEY: encryptionKey };
      expect(await resealSecretsCommand(env, mysqlDataSourceOptions(env), output)).toBe(0);
      const row = await stored();
      expect(row.headers).toBe('{}');
      expect(Object.keys(JSON.parse(row.headers_sealed))).toEqual(['X-Partner-Key', 'X-Site']);
      const dump = dumpDatabase(db.url);
      for (const form of [...markerForms(KEY), ...markerForms(SITE)]) expect(dump).not.toContain(form);
      await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-3' });
      await receiver.waitFor(2);
      expect(receiver.requests[1].headers['x-partner-key']).toBe(KEY);
    } finally {
      if (old.isInitialized) await old.destroy();
      await t?.close();
      await receiver.close();
      await db.drop();
    }
  });
});
