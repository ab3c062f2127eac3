import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createExampleApp } from '../example/bootstrap';
import { readConfig } from '../example/config';
import { createTestDatabase } from './support/database';
import { REDIS_URL, TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';

const sessionOf = (res: request.Response): string => {
  const [cookie] = res.headers['set-cookie'] as unknown as string[];
  return cookie;
};

/**
 * The example app's sign-in for the page: `GET /lab/login?token=` starts a server-side session
 * (the cookie holds its random id), `POST /lab/logout` ends it.
 */
describe('example app: sessions for the webhooks page (real MariaDB + Redis)', () => {
  let ex: RunningExample;
  beforeAll(async () => {
    ex = await startExampleApp();
  });
  afterAll(() => ex.close());
  const http = () => request(ex.baseURL);
  const me = (cookie: string) => http().get('/webhooks/ui/me').set('Cookie', cookie.split(';')[0]);

  it('a demo token starts a session: a random id in an HttpOnly, SameSite=Lax cookie, and the page opens', async () => {
    const res = await http().get(`/lab/login?token=${TOKENS.admin}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/webhooks/ui');
    const cookie = sessionOf(res);
    expect(cookie).toMatch(/^lab_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).not.toContain(TOKENS.admin);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/); // plain http, no trusted proxy
    expect((await me(cookie)).body).toEqual({ id: 'admin', isAdmin: true });
    // Two sign-ins, two sessions.
    expect(sessionOf(await http().get(`/lab/login?token=${TOKENS.admin}`))).not.toBe(cookie);
  });

  it('a token as the cookie value is not a session', async () => {
    expect((await me(`lab_session=${TOKENS.admin}`)).status).toBe(401);
  });

  it('the bearer header still works, and wins over the cookie', async () => {
    const cookie = sessionOf(await http().get(`/lab/login?token=${TOKENS.admin}`));
    const res = await me(cookie).set('Authorization', `Bearer ${TOKENS.user}`);
    expect(res.body).toEqual({ id: 'alice', isAdmin: false });
  });

  it('an unknown token: 400 naming it, and no cookie', async () => {
    const res = await http().get('/lab/login?token=nope');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/token/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each([
    ['Sec-Fetch-Site: cross-site (a link or redirect from another site)', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
    ['a Referer of another site (a browser without Sec-Fetch-Site)', { Referer: 'http://evil.example/page' }],
  ])('a sign-in started by another site is refused: %s', async (_how, headers) => {
    const res = await http().get(`/lab/login?token=${TOKENS.user}`).set(headers);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Sign-in refused/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('a sign-in the person opened (typed, bookmarked, or from this site) completes', async () => {
    for (const headers of [{ 'Sec-Fetch-Site': 'none' }, { 'Sec-Fetch-Site': 'same-origin', Referer: ex.baseURL }]) {
      const res = await http().get(`/lab/login?token=${TOKENS.user}`).set(headers);
      expect(res.status).toBe(302);
    }
  });

  it('POST /lab/logout ends the session on the server and clears the cookie; GET does nothing', async () => {
    const cookie = sessionOf(await http().get(`/lab/login?token=${TOKENS.admin}`));
    expect((await http().get('/lab/logout').set('Cookie', cookie.split(';')[0])).status).toBe(404);
    expect((await me(cookie)).status).toBe(200);
    const res = await http().post('/lab/logout').set('Cookie', cookie.split(';')[0]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/webhooks/ui');
    expect(sessionOf(res)).toMatch(/^lab_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/);
    // A copy of the old cookie is worth nothing now.
    expect((await me(cookie)).status).toBe(401);
  });

  it('logout from another site is refused and the session stays', async () => {
    const cookie = sessionOf(await http().get(`/lab/login?token=${TOKENS.admin}`));
    const res = await http()
      .post('/lab/logout')
      .set('Cookie', cookie.split(';')[0])
      .set('Origin', 'http://evil.example');
    expect(res.status).toBe(403);
    expect((await me(cookie)).status).toBe(200);
  });
});

describe('example app behind a TLS proxy (TRUST_PROXY, METRICS_TOKEN)', () => {
  let ex: RunningExample;
  let untrusted: RunningExample;
  beforeAll(async () => {
    [ex, untrusted] = await Promise.all([
      startExampleApp({ TRUST_PROXY: 'loopback', METRICS_TOKEN: 'scrape-secret' }),
      startExampleApp(),
    ]);
  });
  afterAll(async () => {
    await ex?.close();
    await untrusted?.close();
  });

  it('the cookie is Secure when the trusted proxy says the request was https', async () => {
    const res = await request(ex.baseURL).get(`/lab/login?token=${TOKENS.admin}`).set('X-Forwarded-Proto', 'https');
    expect(sessionOf(res)).toMatch(/; Secure$/);
    const plain = await request(ex.baseURL).get(`/lab/login?token=${TOKENS.admin}`);
    expect(sessionOf(plain)).not.toMatch(/; Secure/);
  });

  it('without TRUST_PROXY, X-Forwarded-Proto is not believed', async () => {
    const res = await request(untrusted.baseURL)
      .get(`/lab/login?token=${TOKENS.admin}`)
      .set('X-Forwarded-Proto', 'https');
    expect(sessionOf(res)).not.toMatch(/; Secure/);
  });

  it('the page of https://<host> may write through the trusted proxy; http://<host> may not', async () => {
    const host = new URL(ex.baseURL).host;
    const post = (origin: string) =>
      request(ex.baseURL)
        .post('/lab/events/report_signed')
        .set('Authorization', `Bearer ${TOKENS.admin}`)
        .set('X-Forwarded-Proto', 'https')
        .set('Origin', origin)
        .send({ reportId: 'R-proxy' });
    expect((await post(`https://${host}`)).status).toBe(202);
    expect((await post(`http://${host}`)).status).toBe(403);
  });

  it('/metrics answers the scraper token and a Webhook Admin, nobody else', async () => {
    const get = (auth?: string) => {
      const req = request(ex.baseURL).get('/metrics');
      return auth ? req.set('Authorization', `Bearer ${auth}`) : req;
    };
    expect((await get()).status).toBe(401);
    expect((await get(TOKENS.user)).status).toBe(403);
    expect((await get('scrape-secretx')).status).toBe(403);
    const scraper = await get('scrape-secret');
    expect(scraper.status).toBe(200);
    expect(scraper.text).toContain('webhooks_published_total');
    expect((await get(TOKENS.admin)).status).toBe(200);
  });
});

describe('example app: settings passed in, not kept in static fields (real MariaDB + Redis)', () => {
  it('two apps created in one process before either starts keep their own demo users', async () => {
    const db = await createTestDatabase();
    const apps: INestApplication[] = [];
    try {
      const users = (token: string, id: string) => JSON.stringify({ [token]: { id, permissions: ['Webhook Admin'] } });
      const key = randomBytes(32).toString('base64');
      const config = (token: string, id: string) =>
        readConfig({
          DATABASE_URL: db.url,
          REDIS_URL,
          BULL_PREFIX: `two-${id}-${randomBytes(4).toString('hex')}`,
          WEBHOOKS_ENCRYPTION_KEY: key,
          DEMO_USERS: users(token, id),
        });
      // Both created first: the middleware of each is set up when it starts listening, after both exist.
      for (const [token, id] of [
        ['token-a', 'ann'],
        ['token-b', 'ben'],
      ]) {
        apps.push(await createExampleApp(config(token, id), { logger: ['error'] }));
      }
      for (const app of apps) await app.listen(0, '127.0.0.1');
      const me = (app: INestApplication, token: string) =>
        request(app.getHttpServer()).get('/webhooks/ui/me').set('Authorization', `Bearer ${token}`);
      expect((await me(apps[0], 'token-a')).body).toEqual({ id: 'ann', isAdmin: true });
      expect((await me(apps[0], 'token-b')).status).toBe(401);
      expect((await me(apps[1], 'token-b')).body).toEqual({ id: 'ben', isAdmin: true });
      expect((await me(apps[1], 'token-a')).status).toBe(401);
    } finally {
      for (const app of apps) await app.close();
      await db.drop();
    }
  });
});
