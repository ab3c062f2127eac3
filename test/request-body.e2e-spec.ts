import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, TOKENS } from './support/env';
import { startTestApp, TestApp } from './support/test-app';

describe('request bodies on the module routes (real MariaDB + Redis)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    // The module's own limit below the host parser's 1 MiB: the module answers 413 itself.
    t = await startTestApp({ webhooks: { maxRequestBodyBytes: 1024 } });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const rows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);
  const body = (description: string) => ({
    url: 'https://partner.example.com/h',
    events: ['report_signed'],
    description,
  });

  it('refuses a body over maxRequestBodyBytes with 413, and writes nothing; the limit itself passes', async () => {
    const at = JSON.stringify(body('')).length;
    const over = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send(body('d'.repeat(1025 - at)));
    expect(over.status).toBe(413);
    expect(over.body.message).toBe('The request body is larger than 1024 bytes');
    expect(await rows()).toBe(0);
    const limit = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send(body('d'.repeat(1024 - at)));
    expect(limit.status).toBe(201);
  });

  it('refuses a chunked body (no Content-Length) over the limit too', async () => {
    const before = await rows();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/webhooks/subscriptions',
          headers: { ...bearer(TOKENS.admin), 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        },
        (res) => (res.resume(), resolve(res.statusCode ?? 0)),
      );
      req.on('error', reject);
      const text = JSON.stringify(body('d'.repeat(1000)) /* about 1080 bytes */);
      req.write(text.slice(0, 1000));
      req.end(text.slice(1000));
    });
    expect(status).toBe(413);
    expect(await rows()).toBe(before);
  });

  it('answers malformed JSON with a 400 that does not quote the body', async () => {
    const res = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'application/json')
      .send('{"url": "https://partner.example.com/h", "password": hunter2-secret}');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The request body is not valid JSON');
    expect(res.text).not.toContain('hunter2');
  });

  it('refuses a body nested deeper than 32 levels with a 400 before validation, and writes nothing', async () => {
    const before = await rows();
    const deep = (levels: number) => `{"description": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const res = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'application/json')
      .send(deep(33));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/must not nest more than 32 levels/);
    const shallow = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'application/json')
      .send(deep(32));
    expect(shallow.body.message).not.toMatch(/nest/);
    expect(await rows()).toBe(before);
  });
});
