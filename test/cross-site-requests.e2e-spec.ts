import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { WebhooksPublisher } from '../src';
import { WEBHOOKS_QUEUE } from '../src/webhooks.constants';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { ADAPTERS, startTestApp, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

/**
 * CSRF: the page signs in with the host's cookies, so every state-changing module route must
 * refuse a request a browser marks as cross-site, before anything is written or queued.
 */
describe.each(ADAPTERS)(
  'cross-site requests to the module routes, on %s (real MariaDB, Redis and receiver)',
  (adapter) => {
    let t: TestApp;
    let receiver: Receiver;
    let queue: Queue;
    let subscriptionId: string;
    let entryId: string;
    const COOKIE = { Cookie: `lab_session=${TOKENS.admin}` };
    const CROSS_SITE = { ...COOKIE, Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' };

    beforeAll(async () => {
      t = await startTestApp({ adapter, webhooks: { trustedOrigins: ['https://lis.example.org'] } });
      receiver = await Receiver.start();
      queue = t.app.get(getQueueToken(WEBHOOKS_QUEUE));
      const res = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send({ url: receiver.url(), events: ['report_signed'], description: 'before' });
      expect(res.status).toBe(201);
      subscriptionId = res.body.id;
      [entryId] = (await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' })).deliveryIds;
      await waitUntil(
        async () =>
          (await t.http.get(`/webhooks/events/${entryId}`).set(bearer(TOKENS.admin))).body.status === 'succeeded',
        'the delivery',
      );
    });
    afterAll(async () => {
      await t.close();
      await receiver.close();
    });

    /** Everything a refused request could have changed. */
    const snapshot = async () => ({
      subscriptions: await t.dataSource.query(
        'SELECT id, url, description, active, signing_secret_sealed, updated_at FROM webhook_subscriptions ORDER BY id',
      ),
      deliveries: await t.dataSource.query('SELECT id, status, attempt_count FROM webhook_deliveries ORDER BY id'),
      attempts: await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_attempts'),
      jobs: await queue.getJobCounts(),
      received: receiver.requests.length,
    });

    const routes: [string, () => [string, string, object?]][] = [
      ['resend', () => ['post', '/webhooks/events/resend', { ids: [entryId] }]],
      ['create', () => ['post', '/webhooks/subscriptions', { url: receiver.url('/new'), events: ['report_signed'] }]],
      ['update', () => ['patch', `/webhooks/subscriptions/${subscriptionId}`, { description: 'after' }]],
      ['rotate secret', () => ['post', `/webhooks/subscriptions/${subscriptionId}/rotate-secret`]],
      ['delete', () => ['delete', `/webhooks/subscriptions/${subscriptionId}`]],
    ];
    const send = (route: () => [string, string, object?], headers: Record<string, string>) => {
      const [method, path, body] = route();
      const req = (t.http as any)[method](path).set(headers);
      return body ? req.send(body) : req;
    };

    const refusals: [string, Record<string, string>][] = [
      ['the session cookie, an evil Origin and Sec-Fetch-Site: cross-site', CROSS_SITE],
      ['Sec-Fetch-Site: cross-site alone', { ...COOKIE, 'Sec-Fetch-Site': 'cross-site' }],
      ['an Origin of another host alone', { ...COOKIE, Origin: 'http://evil.example' }],
      [
        'an Origin of the same host name on another port',
        { ...COOKIE, Host: 'lis.local', Origin: 'http://lis.local:8080' },
      ],
      ['Origin: null (a sandboxed frame)', { ...COOKIE, Origin: 'null' }],
      // The app is served over http: a page of https://lis.local is another origin.
      ['an Origin of the same host on another scheme', { ...COOKIE, Host: 'lis.local', Origin: 'https://lis.local' }],
      [
        'a bearer token, cross-site',
        { ...bearer(TOKENS.admin), Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      ],
    ];
    for (const [name, route] of routes) {
      for (const [how, headers] of refusals) {
        it(`${name} with ${how}: 403 and nothing written or queued`, async () => {
          const before = await snapshot();
          const res = await send(route, headers);
          expect(res.status).toBe(403);
          expect(res.body.message).toMatch(/Cross-site request refused/);
          expect(await snapshot()).toEqual(before);
        });
      }
    }

    // Routes added later are covered too: every non-GET module route of the OpenAPI document.
    const documented = Object.entries(
      JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8')).paths,
    )
      .filter(([path]) => path.startsWith('/webhooks/'))
      .flatMap(([path, ops]) => Object.keys(ops as object).map((method) => [method, path] as const))
      .filter(([method]) => method !== 'get');
    it("the OpenAPI document lists the module's state-changing routes", () => {
      expect(documented.length).toBeGreaterThanOrEqual(routes.length);
    });
    for (const [method, path] of documented) {
      it(`${method.toUpperCase()} ${path} (from the OpenAPI document), cross-site: 403 and nothing written`, async () => {
        const before = await snapshot();
        const res = await (t.http as any)
          [method](path.replace(/\{[^}]+\}/g, () => subscriptionId))
          .set(CROSS_SITE)
          .send({});
        expect(res.status).toBe(403);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('the same request from the page itself (same origin) goes through: the cookie alone is honoured', async () => {
      const res = await send(routes[2][1], {
        ...COOKIE,
        Host: 'lis.local',
        Origin: 'http://lis.local',
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(res.status).toBe(200);
      expect(res.body.description).toBe('after');
    });

    it('resend from the same origin queues the entry again', async () => {
      const res = await send(routes[0][1], {
        ...COOKIE,
        Host: 'lis.local',
        Origin: 'http://lis.local',
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(res.status).toBe(202);
      expect(res.body.queued).toEqual([entryId]);
    });

    it('an Origin listed in trustedOrigins passes (a proxy that rewrites Host)', async () => {
      const res = await send(routes[2][1], {
        ...COOKIE,
        Host: 'internal:3000',
        Origin: 'https://lis.example.org',
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(res.status).toBe(200);
    });

    it('a client that is not a browser (no Origin, no Sec-Fetch-Site) is not affected', async () => {
      const res = await send(routes[2][1], bearer(TOKENS.admin));
      expect(res.status).toBe(200);
    });

    it('reads stay open cross-site: GET is not state-changing (CORS keeps the answer from the other site)', async () => {
      const res = await t.http.get(`/webhooks/subscriptions/${subscriptionId}`).set(CROSS_SITE);
      expect(res.status).toBe(200);
    });
  },
);
