import request from 'supertest';
import { bearer, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';

/**
 * What a host copies from the example app: its own write routes and the queue board follow the
 * module's cross-site rule, bodies are JSON only, admin pages refuse to be framed, and a
 * payload too deep to handle is a 400.
 */
describe("example app: the host's own routes (real MariaDB + Redis)", () => {
  let ex: RunningExample;
  let session: string;
  beforeAll(async () => {
    ex = await startExampleApp();
    const login = await request(ex.baseURL).get(`/lab/login?token=${TOKENS.admin}`);
    session = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const sub = await request(ex.baseURL)
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send({ url: 'http://127.0.0.1:9/hook', events: ['report_signed'] });
    expect(sub.status).toBe(201);
  });
  afterAll(() => ex.close());
  const http = () => request(ex.baseURL);
  const entries = async () => Number((await ex.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries'))[0].n);

  it.each([
    ['an Origin of another site', { Origin: 'http://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['an Origin of another subdomain (same site)', { Origin: 'http://lab.example.org', 'Sec-Fetch-Site': 'same-site' }],
  ])('POST /lab/events/:type with the admin session cookie and %s: 403, nothing published', async (_how, headers) => {
    const before = await entries();
    const res = await http()
      .post('/lab/events/report_signed')
      .set('Cookie', session)
      .set(headers)
      .send({ reportId: 'R-evil' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Cross-site request refused/);
    expect(await entries()).toBe(before);
  });

  it('the same request from the app itself is published', async () => {
    const before = await entries();
    const res = await http()
      .post('/lab/events/report_signed')
      .set('Cookie', session)
      .set('Origin', ex.baseURL)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ reportId: 'R-ok' });
    expect(res.status).toBe(202);
    expect(await entries()).toBe(before + 1);
  });

  it('an HTML form body (urlencoded) is not parsed: 400, nothing published', async () => {
    const before = await entries();
    const res = await http()
      .post('/lab/events/report_signed')
      .set('Cookie', session)
      .type('form')
      .send('reportId=R-form');
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['body must be a JSON object']);
    expect(await entries()).toBe(before);
  });

  it('a payload nested 50 000 deep: 400 naming the depth, nothing published', async () => {
    const before = await entries();
    const deep = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    const res = await http()
      .post('/lab/events/report_signed')
      .set(bearer(TOKENS.admin))
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['WebhooksModule: The payload is nested too deeply to serialize as JSON']);
    expect(await entries()).toBe(before);
  });

  it("the queue board's writes follow the cross-site rule (the admin's cookie rides along)", async () => {
    const retry = (headers: Record<string, string>) =>
      http().put('/queues/api/queues/lab-webhooks-delivery/retry/failed').set('Cookie', session).set(headers);
    const refused = await retry({ Origin: 'http://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/Cross-site request refused/);
    expect((await retry({ Origin: ex.baseURL })).status).toBe(200);
  });

  it.each(['/queues', '/docs'])('%s may not be framed by another page', async (path) => {
    const res = await http().get(path).set('Cookie', session).redirects(1);
    expect(res.status).toBe(200);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
