import { EventEmitter2 } from '@nestjs/event-emitter';
import { CertificateExpiringEvent, WEBHOOK_EVENT_TYPES, WEBHOOKS_OPERATIONAL_EVENTS, WebhooksPublisher } from '../src';
import { CertificateExpiryService } from '../src/endpoint-health/certificate-expiry.service';
import { TlsDispatchers } from '../src/sending/tls-dispatchers';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { rebindingLookup } from './support/table-lookup';
import { createSubscription, startTestApp, TestApp } from './support/test-app';
import { encryptKey, TestCa } from './support/test-certificates';
import { waitUntil } from './support/wait';

const DAY_MS = 86_400_000;

describe('mutual TLS and private CAs (real TLS receivers, certificates made here)', () => {
  let t: TestApp;
  // The hospital's internal CA issues the receiver's server certificate and the lab's client certificate.
  const hospitalCa = TestCa.create('Hospital Internal CA');
  const otherCa = TestCa.create('Some Other CA');
  const server = hospitalCa.issue({ commonName: '127.0.0.1', ips: ['127.0.0.1'] });
  const client = hospitalCa.issue({ commonName: 'north-lab', client: true });
  let mtls: Receiver; // requestCert + rejectUnauthorized: only the hospital CA's client certificates
  let selfSigned: Receiver;
  let wrongName: Receiver;
  const lookup = rebindingLookup();

  beforeAll(async () => {
    mtls = await Receiver.startHttps({
      key: server.key,
      cert: server.cert,
      ca: [hospitalCa.cert],
      requestCert: true,
      rejectUnauthorized: true,
    });
    selfSigned = await Receiver.startHttps(TestCa.selfSigned('127.0.0.1', ['127.0.0.1']));
    const elsewhere = hospitalCa.issue({ commonName: 'emr.hospital.test', dnsNames: ['emr.hospital.test'] });
    wrongName = await Receiver.startHttps({ key: elsewhere.key, cert: elsewhere.cert });
    t = await startTestApp({
      webhooks: {
        allowPrivateNetworks: false,
        allowedHosts: ['127.0.0.1'],
        lookup,
        deliveryTimeoutMs: 3000,
        retryDelaysSeconds: [0.3],
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([mtls, selfSigned, wrongName].map((r) => r?.close()));
  });
  beforeEach(() => mtls.reset());

  const admin = bearer(TOKENS.admin);
  const post = (body: Record<string, unknown>) =>
    t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({ events: [...WEBHOOK_EVENT_TYPES], ...body });
  const patch = (id: string, body: Record<string, unknown>) =>
    t.http.patch(`/webhooks/subscriptions/${id}`).set(admin).send(body);
  const subscribe = (url: string, tls?: Record<string, unknown>) =>
    createSubscription(t, { events: ['report_signed'], url, ...(tls ? { tls } : {}) });
  const testDelivery = async (id: string) => (await t.http.post(`/webhooks/subscriptions/${id}/test`).set(admin)).body;
  const trustHospital = { caCertificates: hospitalCa.cert, trust: 'custom' };
  const withClient = { clientCertificate: client.cert, clientKey: client.key, ...trustHospital };
  const rowCount = async () =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);
  const attemptsOf = (deliveryId: string) =>
    t.dataSource.query('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt', [deliveryId]);
  const remove = (id: string) => t.http.delete(`/webhooks/subscriptions/${id}`).set(admin);

  it('delivers with the client certificate presented in the handshake; a read shows the certificate, never the key', async () => {
    const sub = await subscribe(mtls.url('/mtls'), withClient);
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' });
    await mtls.waitFor(1);
    expect(mtls.requests[0].clientCertificate).toBe('north-lab');
    await waitUntil(async () => (await attemptsOf(deliveryIds[0]))[0]?.response_status === 204, 'a 204 recorded');
    const read = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin);
    expect(read.body.tls).toEqual({
      clientCertificate: client.cert,
      clientCertificateInfo: {
        subject: 'CN=north-lab, O=North Lab',
        issuer: 'CN=Hospital Internal CA, O=Test Hospital',
        serial: expect.stringMatching(/^[0-9A-F]{32}$/),
        notBefore: expect.any(String),
        notAfter: expect.any(String),
        daysLeft: 364,
      },
      hasClientKey: true,
      hasClientKeyPassphrase: false,
      caCertificates: hospitalCa.cert,
      trust: 'custom',
    });
    expect(JSON.stringify(read.body)).not.toMatch(/PRIVATE KEY/);
    await remove(sub.id);
  });

  it('opens an encrypted key with its passphrase (sealed, write-only)', async () => {
    const sub = await subscribe(mtls.url('/encrypted'), {
      ...withClient,
      clientKey: encryptKey(client.key, 'key-pass-phrase'),
      clientKeyPassphrase: 'key-pass-phrase',
    });
    expect(await testDelivery(sub.id)).toMatchObject({ ok: true, status: 204, error: null });
    expect(mtls.requests[0].clientCertificate).toBe('north-lab');
    const read = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin);
    expect(read.body.tls).toMatchObject({ hasClientKey: true, hasClientKeyPassphrase: true });
    expect(JSON.stringify(read.body)).not.toContain('key-pass-phrase');
    await remove(sub.id);
  });

  it('says in plain words why a handshake failed: in the test delivery and on the attempt', async () => {
    const noClient = await subscribe(mtls.url('/no-client'), trustHospital);
    expect(await testDelivery(noClient.id)).toMatchObject({
      ok: false,
      status: null,
      error: 'receiver asked for a client certificate and none is configured',
    });
    const foreign = otherCa.issue({ commonName: 'stranger', client: true });
    const rejected = await subscribe(mtls.url('/rejected'), {
      ...trustHospital,
      clientCertificate: foreign.cert,
      clientKey: foreign.key,
    });
    expect((await testDelivery(rejected.id)).error).toMatch(/^client certificate rejected by the receiver \(.+\)$/);
    const systemOnly = await subscribe(mtls.url('/system-only'), {
      clientCertificate: client.cert,
      clientKey: client.key,
    });
    expect((await testDelivery(systemOnly.id)).error).toBe("receiver's certificate is not trusted (unknown CA)");
    const selfSignedSub = await subscribe(selfSigned.url('/self-signed'));
    expect((await testDelivery(selfSignedSub.id)).error).toBe("receiver's certificate is not trusted (self-signed)");
    const mismatch = await subscribe(wrongName.url('/wrong-name'), trustHospital);
    expect((await testDelivery(mismatch.id)).error).toBe(
      "hostname mismatch: the receiver's certificate is for another name",
    );
    expect(mtls.requests).toHaveLength(0);

    // The same words on a delivery's attempt, and the entry retried on the schedule.
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-2' });
    const byUrl = async () => {
      const rows = await t.dataSource.query(
        `SELECT a.error, d.subscription_id, a.next_delay_ms FROM webhook_attempts a
           JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE a.delivery_id IN (?) AND a.attempt = 1`,
        [deliveryIds],
      );
      return rows.length === 5 ? rows : null;
    };
    const attempts = await waitUntil(byUrl, 'five first attempts recorded');
    const errorOf = (id: string) => attempts.find((a: any) => a.subscription_id === id);
    expect(errorOf(noClient.id)).toMatchObject({
      error: 'receiver asked for a client certificate and none is configured',
      next_delay_ms: expect.anything(),
    });
    expect(errorOf(selfSignedSub.id).error).toBe("receiver's certificate is not trusted (self-signed)");
    expect(errorOf(systemOnly.id).error).toBe("receiver's certificate is not trusted (unknown CA)");
    for (const s of [noClient, rejected, systemOnly, selfSignedSub, mismatch]) await remove(s.id);
  });

  it('custom CAs: trusted with `custom` and `system+custom`, not with `system`', async () => {
    const custom = await subscribe(mtls.url('/custom'), withClient);
    expect(await testDelivery(custom.id)).toMatchObject({ ok: true, status: 204 });
    const both = await subscribe(mtls.url('/both'), { ...withClient, trust: 'system+custom' });
    expect(await testDelivery(both.id)).toMatchObject({ ok: true, status: 204 });
    // Switching to `system` means leaving the CAs out: the hospital CA is then unknown.
    const res = await patch(both.id, { tls: { caCertificates: null, trust: 'system' } });
    expect(res.status).toBe(200);
    expect(res.body.tls).toMatchObject({ caCertificates: null, trust: 'system', hasClientKey: true });
    expect((await testDelivery(both.id)).error).toBe("receiver's certificate is not trusted (unknown CA)");
    for (const s of [custom, both]) await remove(s.id);
  });

  it('one TLS client per distinct identity, shared and reused; one no endpoint uses any more is closed', async () => {
    const dispatchers = t.app.get(TlsDispatchers);
    const before = dispatchers.size;
    const own = hospitalCa.issue({ commonName: 'north-lab-2', client: true });
    const identity = { ...trustHospital, clientCertificate: own.cert, clientKey: own.key };
    const a = await subscribe(mtls.url('/a'), identity);
    const b = await subscribe(mtls.url('/b'), identity);
    await testDelivery(a.id);
    await testDelivery(b.id);
    await testDelivery(a.id);
    expect(dispatchers.size).toBe(before + 1);
    expect(mtls.requests.map((r) => r.clientCertificate)).toEqual(['north-lab-2', 'north-lab-2', 'north-lab-2']);
    const renewed = hospitalCa.issue({ commonName: 'north-lab-renewed', client: true });
    await patch(a.id, { tls: { clientCertificate: renewed.cert, clientKey: renewed.key } });
    await patch(b.id, { tls: { clientCertificate: renewed.cert, clientKey: renewed.key } });
    await testDelivery(a.id);
    await testDelivery(b.id);
    expect(dispatchers.size).toBe(before + 1);
    expect(mtls.requests.slice(3).map((r) => r.clientCertificate)).toEqual(['north-lab-renewed', 'north-lab-renewed']);
    for (const s of [a, b]) await remove(s.id);
  });

  it('the destination policy still holds at connect time: a name that now resolves to loopback is refused', async () => {
    const sub = await subscribe(`https://rebind.test:${mtls.port}/rebind`, withClient);
    expect(await testDelivery(sub.id)).toMatchObject({ ok: false, error: 'destination blocked' });
    expect(mtls.requests).toHaveLength(0);
    await remove(sub.id);
  });

  it('an attempt with an expired client certificate fails with that reason, before connecting', async () => {
    const sub = await subscribe(mtls.url('/expired'), withClient);
    const expired = hospitalCa.issue({
      commonName: 'north-lab',
      client: true,
      key: client.key,
      notBefore: new Date(Date.now() - 400 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
    });
    // It expired while stored: written as time would leave it (an API write refuses it).
    await t.dataSource.query(
      'UPDATE webhook_subscriptions SET tls_client_certificate = ?, updated_at = ? WHERE id = ?',
      [expired.cert, new Date(), sub.id],
    );
    const res = await testDelivery(sub.id);
    expect(res.error).toMatch(/^client certificate expired on \d{4}-\d\d-\d\dT/);
    expect(mtls.requests).toHaveLength(0);
    await remove(sub.id);
  });

  it('a certificate within 30 days of expiry: certificate_expiring once a day per endpoint, and daysLeft on read', async () => {
    const soon = hospitalCa.issue({
      commonName: 'north-lab',
      client: true,
      key: client.key,
      notAfter: new Date(Date.now() + 10 * DAY_MS + 60_000),
    });
    const sub = await subscribe(mtls.url('/soon'), { ...withClient, clientCertificate: soon.cert });
    const heard: CertificateExpiringEvent[] = [];
    const listener = (e: CertificateExpiringEvent) => heard.push(e);
    const emitter = t.app.get(EventEmitter2);
    emitter.on(WEBHOOKS_OPERATIONAL_EVENTS.certificateExpiring, listener);
    const expiry = t.app.get(CertificateExpiryService);
    const now = Date.now();
    await expiry.check(new Date(now));
    await expiry.check(new Date(now + 23 * 3600_000)); // the same day: not again
    expect(heard).toEqual([
      {
        subscriptionId: sub.id,
        url: mtls.url('/soon'),
        subject: 'CN=north-lab, O=North Lab',
        serial: expect.any(String),
        notAfter: expect.any(Date),
        daysLeft: 10,
      },
    ]);
    await expiry.check(new Date(now + 25 * 3600_000)); // a day later: once more
    expect(heard.map((e) => e.daysLeft)).toEqual([10, 8]); // 8 days 23 hours left
    emitter.off(WEBHOOKS_OPERATIONAL_EVENTS.certificateExpiring, listener);
    const read = await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin);
    expect(read.body.tls.clientCertificateInfo.daysLeft).toBe(10);
    // Still valid: it is used.
    expect(await testDelivery(sub.id)).toMatchObject({ ok: true, status: 204 });
    await remove(sub.id);
  });

  describe('bad input: 400 naming the field, nothing stored', () => {
    const weak = hospitalCa.issue({ commonName: 'weak', client: true, bits: 1024 });
    const expired = hospitalCa.issue({
      commonName: 'old',
      client: true,
      notBefore: new Date(Date.now() - 400 * DAY_MS),
      notAfter: new Date(Date.now() - DAY_MS),
    });
    const other = hospitalCa.issue({ commonName: 'other', client: true });
    const encrypted = encryptKey(client.key, 'right');
    const cases: [string, Record<string, unknown>, string, string | RegExp][] = [
      [
        'unparseable certificate',
        { clientCertificate: 'not a pem', clientKey: client.key },
        'tls.clientCertificate',
        'tls.clientCertificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
      ],
      [
        'damaged certificate',
        { clientCertificate: client.cert.replace(/[A-Z]{8}/, 'AAAAAAAA'), clientKey: client.key },
        'tls.clientCertificate',
        /^tls\.clientCertificate (certificate 1 of 1 cannot be parsed|.*)$/,
      ],
      [
        'unparseable key',
        { clientCertificate: client.cert, clientKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
        'tls.clientKey',
        'tls.clientKey is not a readable PEM private key',
      ],
      [
        'key of another certificate',
        { clientCertificate: client.cert, clientKey: other.key },
        'tls.clientKey',
        'tls.clientKey does not match tls.clientCertificate (its first certificate)',
      ],
      [
        'RSA under 2048 bits',
        { clientCertificate: weak.cert, clientKey: weak.key },
        'tls.clientKey',
        'tls.clientKey is an RSA key of 1024 bits; at least 2048 are required',
      ],
      [
        'expired certificate',
        { clientCertificate: expired.cert, clientKey: expired.key },
        'tls.clientCertificate',
        /^tls\.clientCertificate expired on \d{4}-/,
      ],
      [
        'encrypted key without passphrase',
        { clientCertificate: client.cert, clientKey: encrypted },
        'tls.clientKeyPassphrase',
        'tls.clientKeyPassphrase is required: tls.clientKey is encrypted',
      ],
      [
        'wrong passphrase',
        { clientCertificate: client.cert, clientKey: encrypted, clientKeyPassphrase: 'wrong' },
        'tls.clientKeyPassphrase',
        'tls.clientKeyPassphrase does not open tls.clientKey',
      ],
      [
        'certificate without key',
        { clientCertificate: client.cert },
        'tls.clientKey',
        'tls.clientKey is required with tls.clientCertificate',
      ],
      [
        'unparseable CA bundle',
        { caCertificates: 'garbage', trust: 'custom' },
        'tls.caCertificates',
        'tls.caCertificates holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
      ],
      [
        'custom trust without CAs',
        { trust: 'custom' },
        'tls.caCertificates',
        "tls.caCertificates is required when tls.trust is 'custom'",
      ],
      [
        'CAs with system trust',
        { caCertificates: hospitalCa.cert },
        'tls.trust',
        "tls.trust 'system' would ignore tls.caCertificates: choose 'custom' or 'system+custom'",
      ],
      [
        'no way to skip verification',
        { trust: 'none' },
        'tls.trust',
        'tls.trust must be one of: system, custom, system+custom',
      ],
      [
        'a key over 16 KiB',
        { clientCertificate: client.cert, clientKey: 'k'.repeat(16 * 1024 + 1) },
        'tls.clientKey',
        'tls.clientKey must be shorter than or equal to 16384 characters',
      ],
    ];
    it.each(cases)('%s', async (_name, tls, field, message) => {
      const before = await rowCount();
      const res = await post({ url: mtls.url('/bad'), tls });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe(field);
      if (typeof message === 'string') expect(res.body.message).toBe(message);
      else expect(res.body.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE KEY|right|wrong/);
      expect(await rowCount()).toBe(before);
    });

    it('TLS settings on an http URL, and a PATCH that would break a stored set: refused, nothing changed', async () => {
      const res = await post({ url: 'http://127.0.0.1:1/plain', tls: withClient });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: 'tls settings need an https url: there is no TLS on http' });
      const sub = await subscribe(mtls.url('/kept'), withClient);
      const before = (await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin)).body;
      const bad = await patch(sub.id, { tls: { clientCertificate: client.cert, clientKey: other.key } });
      expect(bad.status).toBe(400);
      expect((await t.http.get(`/webhooks/subscriptions/${sub.id}`).set(admin)).body).toEqual(before);
      expect(await testDelivery(sub.id)).toMatchObject({ ok: true });
      await remove(sub.id);
    });
  });
});
