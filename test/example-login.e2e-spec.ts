import request from 'supertest';
import { TOKENS } from './support/env';
import { RunningExample, startExampleApp } from './support/example-app';

/** The example app's cookie sign-in for the page: `/lab/login?token=` and `/lab/logout`. */
describe('example app: cookie login for the webhooks page (real MariaDB + Redis)', () => {
  let ex: RunningExample;
  beforeAll(async () => {
    ex = await startExampleApp();
  });
  afterAll(() => ex.close());
  const http = () => request(ex.baseURL);

  it('a demo token becomes an HttpOnly, SameSite=Lax session cookie, and the page opens', async () => {
    const res = await http().get(`/lab/login?token=${TOKENS.admin}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/webhooks/ui');
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^lab_session=admin-token;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    const me = await http().get('/webhooks/ui/me').set('Cookie', cookie.split(';')[0]);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: 'admin', isAdmin: true });
  });

  it('the bearer header still works, and wins over the cookie', async () => {
    const me = await http()
      .get('/webhooks/ui/me')
      .set('Cookie', `lab_session=${TOKENS.admin}`)
      .set('Authorization', `Bearer ${TOKENS.user}`);
    expect(me.body).toEqual({ id: 'alice', isAdmin: false });
  });

  it('an unknown token: 400 naming it, and no cookie', async () => {
    const res = await http().get('/lab/login?token=nope');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/token/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await http().get('/webhooks/ui/me').set('Cookie', 'lab_session=nope')).status).toBe(401);
  });

  it('logout clears the cookie and returns to the page', async () => {
    const res = await http().get('/lab/logout');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/webhooks/ui');
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^lab_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax/);
  });
});
