import { WebhooksPublisher } from '../src';
import { CapturingLogger } from './support/capturing-logger';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { tableLookup } from './support/table-lookup';
import { startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

describe('logs of a whole run hold no secret and no payload value (real MariaDB, Redis and receiver)', () => {
  const logger = new CapturingLogger();
  const written: string[] = [];
  const restore: (() => void)[] = [];

  const PASSWORD = 'Sw0rdfish-basic-auth-9731';
  const HEADER_VALUE = 'partner-api-key-5519-secret';
  const PHI = {
    reportId: 'R-55',
    patient: { name: 'Zelda Quintessa Marchbanks', dob: '1931-04-05', mrn: 'MRN-778899-PHI' },
    note: 'hemoglobin 7.1 g/dL',
  };

  it('runs deliveries, retries, blocked sends, rotations and bad requests, and logs none of their secrets', async () => {
    // Everything written to stdout/stderr or the console in this run is captured too.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      (stream as any).write = (chunk: any, ...rest: any[]) => (written.push(String(chunk)), write(chunk, ...rest));
      restore.push(() => ((stream as any).write = write));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest
        .spyOn(console, method)
        .mockImplementation((...args) => void written.push(args.map(String).join(' ')));
      restore.push(() => spy.mockRestore());
    }

    const receiver = await Receiver.start('127.0.0.1', (req, res) => {
      // The failing endpoint echoes the request back, as careless receivers do.
      res.statusCode = req.url === '/fail' ? 500 : 204;
      res.end(req.url === '/fail' ? `${JSON.stringify(req.headers)}${req.body}` : undefined);
    });
    let rebind = 0;
    const t: TestApp = await startTestApp({
      logger,
      webhooks: {
        allowPrivateNetworks: false,
        allowedHosts: ['receiver.test'],
        lookup: tableLookup({
          'receiver.test': ['127.0.0.1'],
          'rebind.test': () => (rebind++ === 0 ? ['93.184.216.34'] : ['127.0.0.1']),
        }),
        retryDelaysSeconds: [0.2, 0.2],
        deliveryTimeoutMs: 2000,
      },
    });
    try {
      const admin = bearer(TOKENS.admin);
      const create = (path: string, host = 'receiver.test') =>
        t.http
          .post('/webhooks/subscriptions')
          .set(admin)
          .send({
            url: `http://${host}:${receiver.port}${path}`,
            events: ['report_signed'],
            username: 'lab',
            password: PASSWORD,
            headers: { 'X-Partner-Key': HEADER_VALUE },
          });
      const ok = await create('/ok');
      const fail = await create('/fail');
      const blocked = await create('/blocked', 'rebind.test');
      expect([ok.status, fail.status, blocked.status]).toEqual([201, 201, 201]);
      const rotated = await t.http.post(`/webhooks/subscriptions/${ok.body.id}/rotate-secret`).set(admin);
      const secrets: string[] = [
        ok.body.signingSecret,
        fail.body.signingSecret,
        blocked.body.signingSecret,
        rotated.body.signingSecret,
      ];

      // Requests that fail in every way a caller can make them fail, with secrets inside.
      await t.http
        .post('/webhooks/subscriptions')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(`{"password": ${PASSWORD}}`);
      await t.http
        .post('/webhooks/subscriptions')
        .set(admin)
        .send({ url: 'http://127.0.0.1/', events: ['report_signed'], username: 'lab', password: PASSWORD });
      await t.http
        .patch(`/webhooks/subscriptions/${ok.body.id}`)
        .set(admin)
        .send({ password: `${PASSWORD}${'x'.repeat(300)}` });
      await t.http
        .post('/webhooks/subscriptions')
        .set(admin)
        .send({ url: 'https://x.example.com', events: ['report_signed'], password: PASSWORD, __proto__x: PHI });

      const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', PHI);
      expect(deliveryIds).toHaveLength(3);
      const statuses = () =>
        t.dataSource.query('SELECT status, attempt_count FROM webhook_deliveries ORDER BY subscription_id');
      await waitUntil(
        async () => (await statuses()).every((r: any) => ['succeeded', 'failed'].includes(r.status)),
        'every entry to settle',
      );
      expect((await statuses()).map((r: any) => r.attempt_count).sort()).toEqual([1, 1, 3]);

      const logs = [...logger.lines, ...written].join('\n');
      // The capture works: the failed attempts were logged.
      expect(logs).toMatch(/attempt 1 failed \(HTTP 500\)/);
      expect(logs).toMatch(/failed \(destination blocked\)/);
      const forbidden = [
        PASSWORD,
        HEADER_VALUE,
        Buffer.from(`lab:${PASSWORD}`).toString('base64'),
        ...secrets,
        ...secrets.map((s) => s.slice('whsec_'.length)),
        PHI.patient.name,
        PHI.patient.dob,
        PHI.patient.mrn,
        PHI.note,
      ];
      for (const value of forbidden) expect(logs).not.toContain(value);
    } finally {
      await t.close();
      await receiver.close();
      restore.forEach((r) => r());
    }
  });
});
