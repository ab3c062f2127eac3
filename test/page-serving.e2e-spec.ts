import { bearer, TOKENS } from './support/env';
import { ADAPTERS, startTestApp, TestApp } from './support/test-app';

/** How the module serves the page: headers, assets, who `ui/me` answers, and `ui: false`. */
describe('the webhooks page as served (real MariaDB + Redis)', () => {
  describe.each(ADAPTERS)('with the default options, on %s', (adapter) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ adapter });
    });
    afterAll(() => t.close());

    it('serves an HTML shell under a strict CSP, with no inline script or style and no data', async () => {
      const res = await t.http.get('/webhooks/ui');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'(;|$)/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const html: string = res.text;
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // every script has a src
      expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
      expect(html).not.toMatch(/https?:\/\//); // nothing from another origin
      expect(html).toContain('<meta name="webhooks-api" content="/webhooks">');
      const assets = [...html.matchAll(/(?:src|href)="([^"]+\/assets\/[^"]+)"/g)].map((m) =>
        m[1].replace(/&amp;/g, '&'),
      );
      expect(assets).toHaveLength(2);
      for (const path of assets) {
        const asset = await t.http.get(path);
        expect(asset.status).toBe(200);
        expect(asset.headers['content-type']).toMatch(path.includes('.js') ? /^text\/javascript/ : /^text\/css/);
        expect(asset.headers.etag).toBeTruthy();
        const again = await t.http.get(path).set('If-None-Match', asset.headers.etag);
        expect(again.status).toBe(304);
      }
    });

    it('answers the same at /webhooks/ui/ (trailing slash)', async () => {
      const res = await t.http.get('/webhooks/ui/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('href="/webhooks/ui/assets/app.css?v=');
    });

    it("a file that is not one of the page's is 404", async () => {
      expect((await t.http.get('/webhooks/ui/assets/..%2F..%2Fpackage.json')).status).toBe(404);
      expect((await t.http.get('/webhooks/ui/assets/main.ts')).status).toBe(404);
    });

    it.each([
      [TOKENS.admin, 200, { id: 'admin', isAdmin: true }],
      [TOKENS.user, 200, { id: 'alice', isAdmin: false }],
      [TOKENS.guest, 403, { message: 'A Webhook Admin or Webhook User permission is required' }],
    ])('ui/me for %s: %s', async (token, status, body) => {
      const res = await t.http.get('/webhooks/ui/me').set(bearer(token));
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject(body);
    });

    it('ui/me without a caller: 401', async () => {
      expect((await t.http.get('/webhooks/ui/me')).status).toBe(401);
    });
  });

  describe('with ui: false (forRootAsync)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ async: true, webhooks: { ui: false } });
    });
    afterAll(() => t.close());

    it.each(['/webhooks/ui', '/webhooks/ui/me', '/webhooks/ui/assets/app.js'])('%s is 404', async (path) => {
      const res = await t.http.get(path).set(bearer(TOKENS.admin));
      expect(res.status).toBe(404);
    });

    it('the API is unaffected', async () => {
      expect((await t.http.get('/webhooks/events').set(bearer(TOKENS.admin))).status).toBe(200);
    });
  });
});
