import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, TOKENS } from './support/env';
import { ADAPTERS, startTestApp, TestApp } from './support/test-app';

describe.each(ADAPTERS)('request bodies on the module routes, on %s (real MariaDB + Redis)', (adapter) => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    // The module's own limit below the host parser's 1 MiB: the module answers 413 itself.
    t = await startTestApp({ adapter, webhooks: { maxRequestBodyBytes: 1024 } });
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

  /** JSON text as the admin sends it, unparsed by the test client. */
  const postJson = (text: string) =>
    t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).set('Content-Type', 'application/json').send(text);

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

  it('refuses a write that is not JSON with 415 (a cross-site HTML form), and writes nothing', async () => {
    const before = await rows();
    const form = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .type('form')
      .send({ url: 'https://attacker.example.com/h', 'events[]': 'report_signed' });
    expect(form.status).toBe(415);
    expect(form.body.message).toBe('The request body must be JSON (Content-Type: application/json)');
    const text = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(body('plain')));
    expect(text.status).toBe(415);
    expect(await rows()).toBe(before);
    // The same body as JSON is accepted: the refusal is about the media type alone.
    const json = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(body('json'));
    expect(json.status).toBe(201);
  });

  it('answers malformed JSON with a 400 that does not quote the body', async () => {
    const res = await postJson('{"url": "https://partner.example.com/h", "password": hunter2-secret}');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The request body is not valid JSON');
    expect(res.text).not.toContain('hunter2');
  });

  it('refuses a body nested deeper than 32 levels with a 400 before validation, and writes nothing', async () => {
    const before = await rows();
    const deep = (levels: number) => `{"description": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const res = await postJson(deep(33));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/must not nest more than 32 levels/);
    const shallow = await postJson(deep(32));
    expect(shallow.body.message).not.toMatch(/nest/);
    expect(await rows()).toBe(before);
  });

  it.each([
    [
      '{"url": "https://partner.example.com/h", "events": ["report_signed"], "headers": {"__proto__": {"X": "1"}}}',
      'headers',
    ],
    ['{"url": "https://partner.example.com/h", "events": ["report_signed"], "constructor": "x"}', 'constructor'],
  ])('refuses a prototype key with a 400 naming the field, and writes nothing: %s', async (text, field) => {
    const before = await rows();
    const res = await postJson(text);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(new RegExp(`^${field} must not use the key`));
    expect(await rows()).toBe(before);
  });
});

describe('a body of 100 000 unknown fields (real MariaDB + Redis, the default 1 MiB limit)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());
  const rows = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);

  it('answers 100 000 unknown fields with a short 400 naming the first few, and writes nothing', async () => {
    const before = await rows();
    const body: Record<string, unknown> = { url: 'https://partner.example.com/h', events: ['report_signed'] };
    for (let i = 0; i < 100_000; i++) body[`_${i.toString(36)}`] = 0;
    const text = JSON.stringify(body);
    expect(text.length).toBeGreaterThan(900_000); // the body of the report: 930 KB
    const res = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'application/json')
      .send(text);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'property _0 should not exist; property _1 should not exist; property _2 should not exist; ' +
        'property _3 should not exist; property _4 should not exist; and 99995 more problems',
    );
    expect(res.body.details).toHaveLength(6);
    expect(res.text.length).toBeLessThan(1024);
    // A long unknown name is quoted in part only.
    const long = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send({ url: 'https://partner.example.com/h', events: ['report_signed'], ['n'.repeat(100_000)]: 1 });
    expect(long.status).toBe(400);
    expect(long.body.message).toBe(`property ${'n'.repeat(64)}... should not exist`);
    expect(await rows()).toBe(before);
  });
});
