import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AuditRetentionService, WebhooksPublisher } from '../src';
import { bearer, TOKEN_OF, TOKENS, Who } from './support/env';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;

describe('audit trail (real MariaDB)', () => {
  let t: TestApp;
  const markers = {
    password: `pw-${randomBytes(6).toString('hex')}`,
    header: `hv-${randomBytes(6).toString('hex')}`,
    header2: `hv2-${randomBytes(6).toString('hex')}`,
    payload: `PHI-${randomBytes(6).toString('hex')}`,
  };
  let subId: string;
  let entryId: string;

  beforeAll(async () => (t = await startTestApp({ webhooks: { processDeliveries: false } })));
  afterAll(() => t.close());

  const rows = async (action?: string): Promise<any[]> => {
    const res = await t.http
      .get('/webhooks/audit')
      .query(action ? { action, limit: 100 } : { limit: 100 })
      .set(bearer(TOKENS.admin));
    expect(res.status).toBe(200);
    return res.body.items;
  };
  /** Runs `act` and returns the audit rows it added (newest first). */
  const added = async (act: () => Promise<unknown>): Promise<any[]> => {
    const before = new Set((await rows()).map((r) => r.id));
    await act();
    return (await rows()).filter((r) => !before.has(r.id));
  };

  it('each action writes exactly one row, with the actor and the names of the changed fields', async () => {
    let created: any;
    let rowsOf = await added(async () => {
      created = await createSubscription(t, {
        url: 'https://partner.example.com/h',
        events: ['report_signed'],
        username: 'lab',
        password: markers.password,
        headers: { 'X-Key': markers.header },
        userIds: ['alice'],
      });
    });
    subId = created.id;
    expect(rowsOf).toEqual([
      expect.objectContaining({
        action: 'subscription.created',
        actorId: 'admin',
        subscriptionId: subId,
        changes: ['events', 'headers', 'password', 'url', 'userIds', 'username'],
        deliveryIds: [],
        count: 0,
      }),
    ]);

    rowsOf = await added(async () => {
      const res = await t.http
        .patch(`/webhooks/subscriptions/${subId}`)
        .set(bearer(TOKENS.admin))
        .send({
          headers: { 'X-Key': markers.header2 },
          password: `${markers.password}-2`,
          description: 'EMR',
          events: ['report_signed'],
        });
      expect(res.status).toBe(200);
    });
    expect(rowsOf).toEqual([
      expect.objectContaining({
        action: 'subscription.updated',
        actorId: 'admin',
        changes: ['description', 'headers', 'password'],
      }),
    ]);

    rowsOf = await added(async () => {
      expect(
        (await t.http.post(`/webhooks/subscriptions/${subId}/rotate-secret`).set(bearer(TOKENS.admin))).status,
      ).toBe(200);
    });
    expect(rowsOf).toEqual([
      expect.objectContaining({
        action: 'subscription.secret_rotated',
        subscriptionId: subId,
        changes: ['signingSecret'],
      }),
    ]);

    entryId = (await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1', name: markers.payload }))
      .deliveryIds[0];
    for (const [token, actor] of [
      [TOKENS.admin, 'admin'],
      [TOKENS.user, 'alice'],
    ]) {
      rowsOf = await added(async () => {
        const res = await t.http.get(`/webhooks/events/${entryId}`).set(bearer(token));
        expect(res.body.payload.name).toBe(markers.payload);
      });
      expect(rowsOf).toEqual([
        expect.objectContaining({
          action: 'event.viewed',
          actorId: actor,
          subscriptionId: subId,
          deliveryIds: [entryId],
          count: 1,
        }),
      ]);
    }
    // A list shows no payload: not a view.
    expect(await added(() => t.http.get('/webhooks/events').set(bearer(TOKENS.admin)))).toEqual([]);

    rowsOf = await added(async () => {
      const res = await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [entryId, uuidv7()] });
      expect(res.status).toBe(202);
    });
    expect(rowsOf).toEqual([
      expect.objectContaining({
        action: 'events.resent',
        actorId: 'alice',
        subscriptionId: subId,
        deliveryIds: [entryId],
        count: 1,
        changes: null,
      }),
    ]);
  });

  it('a PATCH that fails validation writes no row (and changes nothing)', async () => {
    for (const body of [{ url: 'not a url' }, { events: ['nope'] }, { username: 'x', password: null }]) {
      const rowsOf = await added(async () => {
        const res = await t.http.patch(`/webhooks/subscriptions/${subId}`).set(bearer(TOKENS.admin)).send(body);
        expect(res.status).toBe(400);
      });
      expect(rowsOf).toEqual([]);
    }
  });

  it('a change whose audit row cannot be written does not happen', async () => {
    await t.dataSource.query('RENAME TABLE webhook_audit TO webhook_audit_away');
    try {
      const res = await t.http
        .patch(`/webhooks/subscriptions/${subId}`)
        .set(bearer(TOKENS.admin))
        .send({ description: 'lost' });
      expect(res.status).toBe(500);
    } finally {
      await t.dataSource.query('RENAME TABLE webhook_audit_away TO webhook_audit');
    }
    const [row] = await t.dataSource.query('SELECT description FROM webhook_subscriptions WHERE id = ?', [subId]);
    expect(row.description).toBe('EMR');
  });

  it('a payload whose event.viewed row cannot be written is not shown: a 500 without it', async () => {
    await t.dataSource.query('RENAME TABLE webhook_audit TO webhook_audit_away');
    try {
      const res = await t.http.get(`/webhooks/events/${entryId}`).set(bearer(TOKENS.admin));
      expect(res.status).toBe(500);
      expect(res.text).not.toContain(markers.payload);
      expect(res.body.payload).toBeUndefined();
    } finally {
      await t.dataSource.query('RENAME TABLE webhook_audit_away TO webhook_audit');
    }
  });

  it('never holds a password, a header value or a payload value', async () => {
    const all = JSON.stringify(await t.dataSource.query('SELECT * FROM webhook_audit'));
    expect(all).toContain(subId);
    for (const m of Object.values(markers)) expect(all).not.toContain(m);
  });

  it('a delete writes one row; the rows of the subscription stay listed by subscriptionId', async () => {
    const rowsOf = await added(async () => {
      expect((await t.http.delete(`/webhooks/subscriptions/${subId}`).set(bearer(TOKENS.admin))).status).toBe(204);
    });
    expect(rowsOf).toEqual([
      expect.objectContaining({ action: 'subscription.deleted', actorId: 'admin', changes: null }),
    ]);
    const bySub = await t.http.get('/webhooks/audit').query({ subscriptionId: subId }).set(bearer(TOKENS.admin));
    expect(bySub.body.items.map((r: any) => r.action)).toEqual([
      'subscription.deleted',
      'events.resent',
      'event.viewed',
      'event.viewed',
      'subscription.secret_rotated',
      'subscription.updated',
      'subscription.created',
    ]);
  });

  it('filters by actor and action, and pages by keyset, newest first', async () => {
    const alice = await t.http.get('/webhooks/audit').query({ actorId: 'alice' }).set(bearer(TOKENS.admin));
    expect(alice.body.items.map((r: any) => r.action)).toEqual(['events.resent', 'event.viewed']);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.http
        .get('/webhooks/audit')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(TOKENS.admin));
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      ids.push(...res.body.items.map((r: any) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual((await rows()).map((r) => r.id));
    expect(ids).toEqual([...ids].sort().reverse());
    const future = await t.http
      .get('/webhooks/audit')
      .query({ since: new Date(Date.now() + DAY).toISOString() })
      .set(bearer(TOKENS.admin));
    expect(future.body.items).toEqual([]);
  });

  it.each<[Who, number]>([
    ['none', 401],
    ['guest', 403],
    ['assigned', 403],
    ['admin', 200],
  ])('GET /webhooks/audit as %s → %i', async (who, status) => {
    const req = t.http.get('/webhooks/audit');
    if (TOKEN_OF[who]) req.set(bearer(TOKEN_OF[who]!));
    expect((await req).status).toBe(status);
  });

  it('answers 400 naming the filter for a bad action or subscriptionId', async () => {
    const res = await t.http
      .get('/webhooks/audit')
      .query({ action: 'nope', subscriptionId: 'x' })
      .set(bearer(TOKENS.admin));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toMatch(/action must be one of: subscription.created/);
    expect(JSON.stringify(res.body.message)).toMatch(/subscriptionId must be a UUID/);
  });

  it('keeps rows auditRetentionDays (2190 by default) and purges older ones', async () => {
    const old = uuidv7({ msecs: Date.now() - 2191 * DAY });
    const kept = uuidv7({ msecs: Date.now() - 2189 * DAY });
    for (const id of [old, kept]) {
      await t.dataSource.query(
        `INSERT INTO webhook_audit (id, at, actor_id, action, delivery_ids, count) VALUES (?, NOW(3), 'admin', 'event.viewed', '[]', 0)`,
        [id],
      );
    }
    expect(await t.app.get(AuditRetentionService).purgeExpiredAudit()).toBe(1);
    const left = (await t.dataSource.query('SELECT id FROM webhook_audit WHERE id IN (?)', [[old, kept]])).map(
      (r: any) => r.id,
    );
    expect(left).toEqual([kept]);
  });
});
