import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_EVENT_CATALOG, WebhooksPublisher } from '../src';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, statusOf, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';

const LINK = 'x-webhooks-link';
const admin = bearer(TOKENS.admin);
const REFUSED = 'This integrator link is not valid: it may have expired or been revoked. Ask the lab for a new one.';

/** Routes an integrator link may reach; every other route of the API must refuse it (403). */
const LINK_ROUTES = new Set([
  'get /webhooks/ui/me',
  'get /webhooks/event-types',
  'get /webhooks/events',
  'get /webhooks/events/changes',
  'get /webhooks/events/chart',
  'post /webhooks/events/resend',
  'get /webhooks/events/{id}',
  'get /webhooks/subscriptions/{id}/stats',
  'get /webhooks/subscriptions/{id}/chart',
]);

describe('integrator links (real MariaDB, Redis and receiver)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let ours: { id: string };
  let theirs: { id: string };
  const entries: Record<string, string> = {};

  const createLink = (subscriptionId: string, body: Record<string, unknown>, headers = admin) =>
    t.http.post(`/webhooks/subscriptions/${subscriptionId}/links`).set(headers).send(body);
  const tokenOf = (url: string) => decodeURIComponent(new URL(url).hash.replace(/^#link=/, ''));
  const newLink = async (body: Record<string, unknown> = {}) => {
    const res = await createLink(ours.id, { expiresInHours: 24, ...body });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: tokenOf(res.body.url), url: res.body.url as string };
  };
  const auditOf = async (actor: string) =>
    (await t.dataSource.query(
      'SELECT action, subscription_id, delivery_ids FROM webhook_audit WHERE actor_id = ? ORDER BY id',
      [actor],
    )) as {
      action: string;
      subscription_id: string | null;
      delivery_ids: string;
    }[];

  beforeAll(async () => {
    receiver = await Receiver.start();
    // The endpoint refuses corrections: its report_corrected entry ends failed.
    receiver.handler = (req, res) => {
      res.statusCode = JSON.parse(req.body).eventType === 'report_corrected' ? 500 : 204;
      res.end();
    };
    t = await startTestApp({ webhooks: { retryDelaysSeconds: [] } });
    ours = await createSubscription(t, { url: receiver.url('/ours'), events: ['report_signed', 'report_corrected'] });
    theirs = await createSubscription(t, {
      url: receiver.url('/theirs'),
      events: ['report_signed'],
      userIds: ['alice'],
    });
    const webhooks = t.app.get(WebhooksPublisher);
    const ok = await webhooks.publish('report_signed', WEBHOOK_EVENT_CATALOG.report_signed.example);
    const bad = await webhooks.publish('report_corrected', WEBHOOK_EVENT_CATALOG.report_corrected.example);
    const byEndpoint = async (id: string) =>
      (await t.dataSource.query('SELECT id FROM webhook_deliveries WHERE subscription_id = ?', [id]))[0].id as string;
    entries.theirs = await byEndpoint(theirs.id);
    entries.ours = ok.deliveryIds.find((d) => d !== entries.theirs)!;
    entries.failed = bad.deliveryIds[0];
    await waitUntil(async () => {
      const rows = await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status IN ('succeeded','failed')",
      );
      return Number(rows[0].n) === 3;
    }, 'three final entries');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('an admin creates a link: 201 with id, url (token in the fragment) and expiry; only the SHA-256 of its secret is stored', async () => {
    const before = Date.now();
    const res = await createLink(ours.id, { expiresInHours: 72, allowPayloads: true, note: 'For the EMR team' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['expiresAt', 'id', 'url']);
    const url = new URL(res.body.url);
    expect(url.pathname).toBe('/webhooks/ui');
    expect(url.search).toBe('');
    const token = tokenOf(res.body.url);
    const [id, secret] = token.split('.');
    expect(id).toBe(res.body.id);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const expires = Date.parse(res.body.expiresAt);
    expect(expires - before).toBeGreaterThanOrEqual(72 * 3_600_000 - 1000);
    expect(expires - before).toBeLessThan(72 * 3_600_000 + 60_000);
    const [row] = await t.dataSource.query('SELECT * FROM webhook_links WHERE id = ?', [id]);
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect((await auditOf('admin')).filter((a) => a.action === 'link.created').map((a) => a.subscription_id)).toContain(
      ours.id,
    );

    const list = await t.http.get(`/webhooks/subscriptions/${ours.id}/links`).set(admin);
    expect(list.status).toBe(200);
    expect(list.body[0]).toMatchObject({
      id,
      note: 'For the EMR team',
      allowPayloads: true,
      allowResend: false,
      status: 'active',
      createdBy: 'admin',
    });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toContain(row.token_hash);
  });

  it.each([
    [{}, 'expiresInHours is required'],
    [{ expiresInHours: 0 }, 'expiresInHours must be between 1 and 168'],
    [{ expiresInHours: 169 }, 'expiresInHours must be between 1 and 168'],
    [{ expiresInHours: 1.5 }, 'expiresInHours must be a whole number of hours'],
    [{ expiresInHours: 24, allowPayloads: 'yes' }, 'allowPayloads must be true or false'],
    [{ expiresInHours: 24, allowResend: 1 }, 'allowResend must be true or false'],
    [{ expiresInHours: 24, note: 'x'.repeat(201) }, 'note must be at most 200 characters'],
    [{ expiresInHours: 24, subscriptionId: 'x' }, 'property subscriptionId should not exist'],
  ])('refuses %j with a 400 naming the field, and writes nothing', async (body, message) => {
    const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_links'))[0].n);
    const n = await count();
    const res = await createLink(ours.id, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
    expect(await count()).toBe(n);
  });

  it('only a Webhook Admin manages links; an unknown subscription or link is a 404', async () => {
    expect((await createLink(ours.id, { expiresInHours: 1 }, bearer(TOKENS.user))).status).toBe(403);
    expect((await t.http.get(`/webhooks/subscriptions/${theirs.id}/links`).set(bearer(TOKENS.user))).status).toBe(403);
    expect((await createLink('0190f0f0-0000-7000-8000-000000000000', { expiresInHours: 1 })).status).toBe(404);
    expect((await t.http.delete('/webhooks/links/0190f0f0-0000-7000-8000-000000000000').set(admin)).status).toBe(404);
  });

  it('access matrix: a link caller reaches only its read routes (and resend); every other route answers 403', async () => {
    const { token } = await newLink({ allowResend: true });
    const doc = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
    const seen: string[] = [];
    for (const [path, methods] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (!path.startsWith('/webhooks/')) continue; // the example app's own routes
      for (const method of Object.keys(methods)) {
        const key = `${method} ${path}`;
        seen.push(key);
        const concrete = path.replace(
          '{id}',
          path.startsWith('/webhooks/events/')
            ? entries.ours
            : path.startsWith('/webhooks/tasks')
              ? entries.ours
              : ours.id,
        );
        const body =
          method === 'post' && path.endsWith('/resend')
            ? { ids: [entries.failed] }
            : method === 'get' || method === 'delete'
              ? undefined
              : {};
        let req = (t.http as any)[method](concrete).set(LINK, token).set(admin);
        if (body !== undefined) req = req.send(body);
        const res = await req;
        if (LINK_ROUTES.has(key)) expect([key, res.status < 300]).toEqual([key, true]);
        else
          expect([key, res.status, res.body.message]).toEqual([
            key,
            403,
            'An integrator link does not give access to this',
          ]);
      }
    }
    // Every allowed route exists: the list is not stale.
    expect([...LINK_ROUTES].filter((r) => !seen.includes(r))).toEqual([]);
    // Nothing changed by the refused writes.
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n)).toBe(2);
  });

  it("sees only its endpoint: its entries, not another's; another endpoint's id is a 404", async () => {
    const { token } = await newLink();
    const as = (path: string) => t.http.get(path).set(LINK, token);
    const list = await as('/webhooks/events');
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { subscriptionId: string }) => e.subscriptionId)).toEqual([ours.id, ours.id]);
    expect((await as(`/webhooks/events?subscriptionId=${theirs.id}`)).body.items).toEqual([]);
    expect((await as(`/webhooks/events/${entries.theirs}`)).status).toBe(404);
    expect((await as(`/webhooks/subscriptions/${theirs.id}/stats`)).status).toBe(404);
    expect((await as(`/webhooks/subscriptions/${theirs.id}/chart`)).status).toBe(404);
    const chart = await as('/webhooks/events/chart');
    const { succeeded, failed, waiting, canceled } = chart.body.totals;
    expect(succeeded + failed + waiting + canceled).toBe(2);
    const me = await as('/webhooks/ui/me');
    expect(me.body).toEqual({
      id: expect.stringMatching(/^link:/),
      isAdmin: false,
      link: {
        subscriptionId: ours.id,
        url: receiver.url('/ours'),
        allowPayloads: false,
        allowResend: false,
        expiresAt: expect.any(String),
      },
    });
  });

  it('payload bodies only when the link allows them; a payload read is audited with actor link:<id>', async () => {
    const without = await newLink();
    const hidden = await t.http.get(`/webhooks/events/${entries.ours}`).set(LINK, without.token);
    expect(hidden.status).toBe(200);
    expect(hidden.body.payload).toBeNull();
    expect(hidden.body.attempts).toHaveLength(1);
    expect((await auditOf(`link:${without.id}`)).map((a) => a.action)).toEqual(['link.used']);

    const withPayloads = await newLink({ allowPayloads: true });
    const shown = await t.http.get(`/webhooks/events/${entries.ours}`).set(LINK, withPayloads.token);
    expect(shown.body.payload).toEqual(WEBHOOK_EVENT_CATALOG.report_signed.example);
    expect((await auditOf(`link:${withPayloads.id}`)).map((a) => a.action)).toEqual(['link.used', 'event.viewed']);
  });

  it('resend: refused unless allowed; allowed, only failed entries of its endpoint are queued, audited as the link', async () => {
    const no = await newLink();
    const refused = await t.http
      .post('/webhooks/events/resend')
      .set(LINK, no.token)
      .send({ ids: [entries.failed] });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('This integrator link does not allow resending');

    // The access matrix resent it a moment ago: wait until it has failed again.
    await waitUntil(async () => (await statusOf(t, entries.failed)) === 'failed', 'the entry to fail again');
    const yes = await newLink({ allowResend: true });
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(LINK, yes.token)
      .send({ ids: [entries.failed, entries.ours, entries.theirs] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ queued: [entries.failed], notFound: [entries.ours, entries.theirs] });
    const audit = await auditOf(`link:${yes.id}`);
    expect(audit.map((a) => a.action)).toEqual(['link.used', 'events.resent']);
    expect(JSON.parse(audit[1].delivery_ids)).toEqual([entries.failed]);
  });

  it('revoked or expired: refused at once, with one message whatever the reason; a wrong secret too', async () => {
    const link = await newLink();
    const me = () => t.http.get('/webhooks/ui/me').set(LINK, link.token);
    expect((await me()).status).toBe(200);
    expect((await t.http.delete(`/webhooks/links/${link.id}`).set(admin)).status).toBe(204);
    const revoked = await me();
    expect([revoked.status, revoked.body.message]).toEqual([401, REFUSED]);
    expect((await t.http.delete(`/webhooks/links/${link.id}`).set(admin)).status).toBe(204);
    expect((await auditOf('admin')).filter((a) => a.action === 'link.revoked')).toHaveLength(1);

    const expiring = await newLink();
    await t.dataSource.query('UPDATE webhook_links SET expires_at = ? WHERE id = ?', [
      new Date(Date.now() - 1000),
      expiring.id,
    ]);
    const expired = await t.http.get('/webhooks/events').set(LINK, expiring.token);
    expect([expired.status, expired.body.message]).toEqual([401, REFUSED]);

    const good = await newLink();
    const [id] = good.token.split('.');
    for (const bad of [`${id}.${'A'.repeat(43)}`, 'garbage', `${good.token}x`, '']) {
      const res = await t.http.get('/webhooks/events').set(LINK, bad);
      expect([bad, res.status, res.body.message]).toEqual([bad, 401, REFUSED]);
    }
    const list = await t.http.get(`/webhooks/subscriptions/${ours.id}/links`).set(admin);
    const status = Object.fromEntries(list.body.map((l: { id: string; status: string }) => [l.id, l.status]));
    expect([status[link.id], status[expiring.id], status[good.id]]).toEqual(['revoked', 'expired', 'active']);
  });

  it('cannot be upgraded: with a lab session beside it the request is still the link, and a link cannot make links', async () => {
    const { token } = await newLink();
    const asBoth = await t.http.get('/webhooks/subscriptions').set(LINK, token).set(admin);
    expect(asBoth.status).toBe(403);
    const more = await t.http
      .post(`/webhooks/subscriptions/${ours.id}/links`)
      .set(LINK, token)
      .set(admin)
      .send({ expiresInHours: 1 });
    expect(more.status).toBe(403);
    const cookie = await t.http
      .get(`/webhooks/events/${entries.theirs}`)
      .set(LINK, token)
      .set('Cookie', `lab_session=${TOKENS.admin}`);
    expect(cookie.status).toBe(404);
  });

  it('the CSRF rule holds for a link: a cross-site resend is refused before anything runs', async () => {
    const { token } = await newLink({ allowResend: true });
    const res = await t.http
      .post('/webhooks/events/resend')
      .set(LINK, token)
      .set('Origin', 'https://evil.example')
      .send({ ids: [entries.failed] });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/^Cross-site request refused/);
  });

  it('each use is audited as link:<id>, once per quiet period (not per poll)', async () => {
    const link = await newLink();
    for (let i = 0; i < 3; i++) await t.http.get('/webhooks/events/changes').set(LINK, link.token).expect(200);
    expect((await auditOf(`link:${link.id}`)).map((a) => a.action)).toEqual(['link.used']);
    await t.dataSource.query('UPDATE webhook_links SET last_used_at = ? WHERE id = ?', [
      new Date(Date.now() - 6 * 60_000),
      link.id,
    ]);
    await t.http.get('/webhooks/events').set(LINK, link.token).expect(200);
    const rows = await auditOf(`link:${link.id}`);
    expect(rows.map((a) => [a.action, a.subscription_id])).toEqual([
      ['link.used', ours.id],
      ['link.used', ours.id],
    ]);
  });
});
