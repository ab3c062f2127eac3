import { WebhooksPublisher } from '../src';
import { AuthorizationServer } from './support/authorization-server';
import { CapturingLogger } from './support/capturing-logger';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { dumpDatabase, markerForms } from './support/stores-dump';
import { startTestApp, TestApp } from './support/test-app';
import { encryptKey, TestCa } from './support/test-certificates';
import { waitUntil } from './support/wait';

/** The base64 body of a PEM block: what a leaked key would show, whatever its framing. */
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('client keys, passphrases, client secrets and tokens stay out of the database dump and the logs', () => {
  const PASSPHRASE = 'Kp-passphrase-2207-north';
  const lab = { client_id: 'north-lab', client_secret: 'Cs-client-secret-6644-north' };
  const emr = { client_id: 'emr-gateway', client_secret: 'emr-introspection-secret-99' };
  const ca = TestCa.create('Hospital Internal CA');
  const server = ca.issue({ commonName: '127.0.0.1', ips: ['127.0.0.1'] });
  const client = ca.issue({ commonName: 'north-lab', client: true });
  const encryptedKey = encryptKey(client.key, PASSPHRASE);
  const logger = new CapturingLogger();
  const written: string[] = [];
  const restore: (() => void)[] = [];
  let auth: AuthorizationServer;
  let receiver: Receiver;
  let t: TestApp;

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      (stream as any).write = (chunk: any, ...rest: any[]) => (written.push(String(chunk)), write(chunk, ...rest));
      restore.push(() => ((stream as any).write = write));
    }
    auth = await AuthorizationServer.start([lab, emr]);
    // mTLS and a bearer token together; it echoes the request's headers, as careless receivers do.
    receiver = await Receiver.startHttps(
      { key: server.key, cert: server.cert, ca: [ca.cert], requestCert: true, rejectUnauthorized: true },
      async (req, res) => {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        res.statusCode = token && (await auth.introspect(token, emr)) ? (req.url === '/echo' ? 500 : 204) : 401;
        res.end(JSON.stringify(req.headers));
      },
    );
    t = await startTestApp({ logger, webhooks: { retryDelaysSeconds: [0.2], deliveryTimeoutMs: 3000 } });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await auth?.stop();
    restore.forEach((r) => r());
  });

  it('delivers with both, through failures and a revoked token, and none of the secrets is stored or logged', async () => {
    const admin = bearer(TOKENS.admin);
    const create = (path: string) =>
      t.http
        .post('/webhooks/subscriptions')
        .set(admin)
        .send({
          url: receiver.url(path),
          events: ['report_signed'],
          tls: {
            clientCertificate: client.cert,
            clientKey: encryptedKey,
            clientKeyPassphrase: PASSPHRASE,
            caCertificates: ca.cert,
            trust: 'custom',
          },
          oauth2: { tokenUrl: auth.tokenUrl, clientId: lab.client_id, clientSecret: lab.client_secret },
        });
    const ok = await create('/ok');
    const echo = await create('/echo');
    expect([ok.status, echo.status]).toEqual([201, 201]);
    // Refused writes carrying the secrets: their 400s must not repeat them.
    const refused = await t.http
      .post('/webhooks/subscriptions')
      .set(admin)
      .send({
        url: receiver.url('/x'),
        events: ['report_signed'],
        tls: { clientCertificate: client.cert, clientKey: encryptedKey, clientKeyPassphrase: `${PASSPHRASE}-wrong` },
        oauth2: { tokenUrl: 'http://10.1.1.1/token', clientId: 'x', clientSecret: lab.client_secret },
      });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toContain(PASSPHRASE);

    const publish = () => t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-9' });
    const first = await publish();
    const settled = (ids: string[]) =>
      waitUntil(async () => {
        const rows = await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id IN (?)', [ids]);
        return rows.every((r: any) => ['succeeded', 'failed'].includes(r.status));
      }, 'entries settled');
    await settled(first.deliveryIds);
    const tokens = new Set(receiver.requests.map((r) => r.headers.authorization!.slice('Bearer '.length)));
    await auth.revoke([...tokens][0], lab);
    const second = await publish();
    await settled(second.deliveryIds);
    receiver.requests.forEach((r) => tokens.add(r.headers.authorization!.slice('Bearer '.length)));
    // One per endpoint, and the one that replaced the revoked token.
    expect(tokens.size).toBe(3);
    expect(receiver.requests.every((r) => r.clientCertificate === 'north-lab')).toBe(true);
    const details = await Promise.all(
      [...first.deliveryIds, ...second.deliveryIds].map((id) => t.http.get(`/webhooks/events/${id}`).set(admin)),
    );
    const echoed = { body: details.map((d) => d.body) };
    expect(JSON.stringify(echoed.body).match(/Bearer \[redacted\]/g)?.length).toBeGreaterThanOrEqual(4);

    const dump = dumpDatabase(t.databaseUrl);
    expect(dump).toContain(ok.body.id);
    const logs = [...logger.lines, ...written].join('\n');
    expect(logs).toMatch(/attempt 1 failed \(HTTP 500\)/);
    const api = JSON.stringify([ok.body, echo.body, echoed.body, refused.body]);
    const secrets = [PASSPHRASE, lab.client_secret, ...tokens, pemBody(client.key), pemBody(encryptedKey)];
    for (const secret of secrets) {
      for (const form of markerForms(secret)) {
        expect(dump).not.toContain(form);
        expect(logs).not.toContain(form);
        expect(api).not.toContain(form);
      }
    }
    // A slice of the key (one PEM line) is enough to count as a leak.
    expect(dump).not.toContain(pemBody(client.key).slice(100, 164));
  });
});
