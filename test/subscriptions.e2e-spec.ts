import { bearer, TOKEN_OF, TOKENS, Who } from './support/env';
import { startTestApp, TestApp } from './support/test-app';

const validBody = (extra: Record<string, unknown> = {}) => ({
  url: 'https://partner.example.com/hooks/lab',
  events: ['report_signed', 'sample_rejected'],
  ...extra,
});

describe('subscriptions API (real MariaDB + Redis)', () => {
  let t: TestApp;
  let assignedId: string;
  let unassignedId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const a = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send(validBody({ userIds: ['alice'] }));
    const b = await t.http
      .post('/webhooks/subscriptions')
      .set(bearer(TOKENS.admin))
      .send(validBody({ userIds: ['bob'] }));
    expect([a.status, b.status]).toEqual([201, 201]);
    assignedId = a.body.id;
    unassignedId = b.body.id;
  });

  afterAll(() => t.close());

  const rowCount = async () =>
    Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_subscriptions'))[0].n);

  describe('who may call what', () => {
    const tokenOf = TOKEN_OF;
    // Expected status for each route and caller. "assigned" is alice (assigned to the
    // subscription under test); "unassigned" is bob, a Webhook User not assigned to it.
    const matrix: [string, (id: string) => [string, string, object?], Record<Who, number>][] = [
      [
        'GET event-types',
        () => ['get', '/webhooks/event-types'],
        { none: 401, guest: 403, assigned: 200, unassigned: 200, admin: 200 },
      ],
      [
        'POST subscriptions',
        () => ['post', '/webhooks/subscriptions', validBody()],
        { none: 401, guest: 403, assigned: 403, unassigned: 403, admin: 201 },
      ],
      [
        'GET subscriptions',
        () => ['get', '/webhooks/subscriptions'],
        { none: 401, guest: 403, assigned: 200, unassigned: 200, admin: 200 },
      ],
      [
        'GET subscription',
        (id) => ['get', `/webhooks/subscriptions/${id}`],
        { none: 401, guest: 403, assigned: 200, unassigned: 404, admin: 200 },
      ],
      [
        'PATCH subscription',
        (id) => ['patch', `/webhooks/subscriptions/${id}`, { description: 'x' }],
        { none: 401, guest: 403, assigned: 403, unassigned: 403, admin: 200 },
      ],
    ];
    for (const [name, route, expected] of matrix) {
      for (const who of Object.keys(expected) as Who[]) {
        it(`${name} as ${who} → ${expected[who]}`, async () => {
          const [method, path, body] = route(assignedId);
          let req = (t.http as any)[method](path);
          if (tokenOf[who]) req = req.set(bearer(tokenOf[who]!));
          const res = body ? await req.send(body) : await req;
          expect(res.status).toBe(expected[who]);
          if (res.status >= 400) expect(typeof res.body.message).toBe('string');
        });
      }
    }

    it.each<[Who, number]>([
      ['none', 401],
      ['guest', 403],
      ['assigned', 403],
      ['unassigned', 403],
    ])('DELETE subscription as %s → %i and nothing deleted', async (who, status) => {
      let req = t.http.delete(`/webhooks/subscriptions/${assignedId}`);
      if (tokenOf[who]) req = req.set(bearer(tokenOf[who]!));
      expect((await req).status).toBe(status);
      expect((await t.http.get(`/webhooks/subscriptions/${assignedId}`).set(bearer(TOKENS.admin))).status).toBe(200);
    });

    it('DELETE subscription as admin → 204, then 404', async () => {
      const created = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(validBody());
      expect((await t.http.delete(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.admin))).status).toBe(
        204,
      );
      expect((await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.admin))).status).toBe(
        404,
      );
      expect((await t.http.delete(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.admin))).status).toBe(
        404,
      );
    });

    it('a Webhook User lists only assigned subscriptions; an admin lists all', async () => {
      const alice = await t.http.get('/webhooks/subscriptions').set(bearer(TOKENS.user));
      const ids = alice.body.items.map((s: any) => s.id);
      expect(ids).toContain(assignedId);
      expect(ids).not.toContain(unassignedId);
      const admin = await t.http.get('/webhooks/subscriptions').set(bearer(TOKENS.admin));
      expect(admin.body.items.map((s: any) => s.id)).toEqual(expect.arrayContaining([assignedId, unassignedId]));
    });

    it('GET of an id that is not a uuid is a 404, not a 500', async () => {
      expect((await t.http.get('/webhooks/subscriptions/nope').set(bearer(TOKENS.admin))).status).toBe(404);
    });
  });

  describe('create', () => {
    it('returns the subscription with the signing secret once, never the password', async () => {
      const res = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send(
          validBody({
            username: 'lab',
            password: 'correct horse battery',
            headers: { 'X-Partner-Key': 'k1' },
            description: 'Partner A',
            projectTemplateId: 'tmpl-9',
            userIds: ['alice', 'bob'],
          }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        url: 'https://partner.example.com/hooks/lab',
        events: ['report_signed', 'sample_rejected'],
        username: 'lab',
        hasPassword: true,
        headers: { 'X-Partner-Key': { hasValue: true } },
        description: 'Partner A',
        active: true,
        ordering: 'none',
        projectTemplateId: 'tmpl-9',
        userIds: ['alice', 'bob'],
      });
      expect(res.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(JSON.stringify(res.body)).not.toContain('correct horse');
      const again = await t.http.get(`/webhooks/subscriptions/${res.body.id}`).set(bearer(TOKENS.admin));
      expect(again.body.signingSecret).toBeUndefined();
      expect(again.body.password).toBeUndefined();
      expect(JSON.stringify(again.body)).not.toContain('correct horse');
      const [row] = await t.dataSource.query('SELECT * FROM webhook_subscriptions WHERE id = ?', [res.body.id]);
      expect(JSON.stringify(row)).not.toContain('correct horse');
      expect(JSON.stringify(row)).not.toContain(res.body.signingSecret.slice(6));
      expect(row.password_sealed).toMatch(/^v1\./);
    });
  });

  describe('validation: each rule refused (400 naming the field, nothing written) and passed', () => {
    const cases: [string, Record<string, unknown>, RegExp, Record<string, unknown>][] = [
      ['url absent', { url: undefined }, /url/, {}],
      [
        'url relative',
        { url: '/hooks' },
        /url must be an absolute http or https URL/,
        { url: 'http://partner.example.com/h' },
      ],
      [
        'url ftp',
        { url: 'ftp://partner.example.com/h' },
        /url must use http or https/,
        { url: 'https://partner.example.com/h' },
      ],
      [
        'url too long',
        { url: `https://partner.example.com/${'a'.repeat(2030)}` },
        /url must be at most 2048/,
        { url: `https://partner.example.com/${'a'.repeat(2000)}` },
      ],
      ['url with credentials', { url: 'https://u:p@partner.example.com/' }, /url must not carry credentials/, {}],
      ['events empty', { events: [] }, /events must contain at least 1/, { events: ['report_signed'] }],
      [
        'events unknown name',
        { events: ['report_signed', 'report_deleted'] },
        /events must each be one of/,
        { events: ['report_corrected'] },
      ],
      [
        'events repeated',
        { events: ['report_signed', 'report_signed'] },
        /events must not name an event twice/,
        { events: ['report_signed', 'report_corrected'] },
      ],
      ['events not an array', { events: 'report_signed' }, /events must be an array/, {}],
      [
        'username without password',
        { username: 'lab' },
        /password is required when username is set/,
        { username: 'lab', password: 'pw' },
      ],
      ['password without username', { password: 'pw' }, /username is required when password is set/, {}],
      ['headers not an object', { headers: ['X-A'] }, /headers must be an object/, { headers: {} }],
      [
        'too many headers',
        { headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])) },
        /headers must have at most 20/,
        { headers: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`X-H${i}`, 'v'])) },
      ],
      [
        'header name not a token',
        { headers: { 'X Bad': 'v' } },
        /not a valid HTTP token/,
        { headers: { 'X-Good': 'v' } },
      ],
      [
        'header value with CR/LF',
        { headers: { 'X-A': 'v\r\nX-Injected: 1' } },
        /must not contain CR, LF/,
        { headers: { 'X-A': 'v X-Injected: 1' } },
      ],
      [
        'header value too long',
        { headers: { 'X-A': 'v'.repeat(1025) } },
        /at most 1024/,
        { headers: { 'X-A': 'v'.repeat(1024) } },
      ],
      ['reserved header host', { headers: { Host: 'evil' } }, /"Host" is set by the module/, {}],
      [
        'reserved header authorization',
        { headers: { authorization: 'x' } },
        /"authorization" is set by the module/,
        {},
      ],
      ['reserved header content-type', { headers: { 'Content-Type': 'x' } }, /set by the module/, {}],
      ['reserved header content-length', { headers: { 'content-length': '1' } }, /set by the module/, {}],
      ['reserved header transfer-encoding', { headers: { 'Transfer-Encoding': 'x' } }, /set by the module/, {}],
      ['reserved header connection', { headers: { Connection: 'x' } }, /set by the module/, {}],
      ['reserved header webhook-*', { headers: { 'webhook-signature': 'x' } }, /set by the module/, {}],
      ['reserved header x-webhook-*', { headers: { 'X-Webhook-Attempt': '9' } }, /set by the module/, {}],
      ['hop-by-hop header expect', { headers: { Expect: '100-continue' } }, /set by the module or the transport/, {}],
      ['transport header user-agent', { headers: { 'User-Agent': 'x' } }, /set by the module or the transport/, {}],
      ['proxy-* header', { headers: { 'Proxy-Authorization': 'x' } }, /set by the module or the transport/, {}],
      ['"_" read as "-"', { headers: { Webhook_Signature: 'x' } }, /set by the module/, { headers: { X_Lab: 'x' } }],
      [
        'header given twice in another case',
        { headers: { 'X-A': '1', 'x-a': '2' } },
        /"x-a" is given twice/,
        { headers: { 'X-A': '1', 'X-B': '2' } },
      ],
      [
        'header name too long',
        { headers: { [`X-${'n'.repeat(255)}`]: 'v' } },
        /at most 256 characters/,
        { headers: { [`X-${'n'.repeat(254)}`]: 'v' } },
      ],
      [
        'headers too many bytes in all',
        { headers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`X-H${i}`, 'v'.repeat(1000)])) },
        /at most 8192 bytes/,
        { headers: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`X-H${i}`, 'v'.repeat(1000)])) },
      ],
      [
        'username with a colon',
        { username: 'lab:user', password: 'pw' },
        /username must not contain ":"/,
        { username: 'lab.user', password: 'pw' },
      ],
      ['username with a control character', { username: 'lab\u0001', password: 'pw' }, /control characters/, {}],
      [
        'userIds with a trailing space',
        { userIds: ['alice '] },
        /userIds must not contain whitespace/,
        { userIds: ['alice'] },
      ],
      ['userIds with a control character', { userIds: ['ali\tce'] }, /userIds must not contain whitespace/, {}],
      ['userIds repeated', { userIds: ['alice', 'alice'] }, /userIds must not name a user twice/, {}],
      ['unknown field', { secret: 'x' }, /property secret should not exist/, {}],
      ['active not boolean', { active: 'yes' }, /active must be a boolean/, { active: false }],
      ['ordering unknown', { ordering: 'fifo' }, /ordering must be one of: none, subject/, { ordering: 'subject' }],
      ['ordering null', { ordering: null }, /ordering must be one of: none, subject/, { ordering: 'none' }],
      ['userIds not strings', { userIds: [1] }, /userIds/, { userIds: ['carol'] }],
      [
        'description too long',
        { description: 'd'.repeat(1025) },
        /description must be shorter than or equal to 1024/,
        { description: 'd'.repeat(1024) },
      ],
    ];
    for (const [name, bad, message, good] of cases) {
      it(`${name}: refused`, async () => {
        const before = await rowCount();
        const res = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(validBody(bad));
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(message);
        expect(await rowCount()).toBe(before);
      });
      if (Object.keys(good).length) {
        it(`${name}: the nearest valid value passes`, async () => {
          const res = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(validBody(good));
          expect(res.status).toBe(201);
        });
      }
    }

    it('malformed JSON is a 400', async () => {
      const res = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .set('Content-Type', 'application/json')
        .send('{"url": ');
      expect(res.status).toBe(400);
    });
  });

  describe('update', () => {
    it('changes only what is sent; password null removes basic auth', async () => {
      const created = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send(validBody({ username: 'lab', password: 'pw1', description: 'keep me' }));
      const id = created.body.id;
      const patched = await t.http
        .patch(`/webhooks/subscriptions/${id}`)
        .set(bearer(TOKENS.admin))
        .send({ events: ['requisition_canceled'], active: false });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        events: ['requisition_canceled'],
        active: false,
        description: 'keep me',
        username: 'lab',
        hasPassword: true,
      });
      const removed = await t.http
        .patch(`/webhooks/subscriptions/${id}`)
        .set(bearer(TOKENS.admin))
        .send({ password: null });
      expect(removed.body).toMatchObject({ username: null, hasPassword: false });
      const [row] = await t.dataSource.query(
        'SELECT password_sealed, username FROM webhook_subscriptions WHERE id = ?',
        [id],
      );
      expect(row).toEqual({ password_sealed: null, username: null });
    });

    it('refuses a username alone when no password is stored, and writes nothing', async () => {
      const created = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(validBody());
      const res = await t.http
        .patch(`/webhooks/subscriptions/${created.body.id}`)
        .set(bearer(TOKENS.admin))
        .send({ username: 'lab', description: 'changed' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/password is required when username is set/);
      const after = await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.admin));
      expect(after.body).toMatchObject({ username: null, description: null });
    });

    it('refuses null for each field that cannot be null (400 naming it, nothing written); clears the nullable ones', async () => {
      const created = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send(validBody({ username: 'lab', password: 'pw1', description: 'd', projectTemplateId: 'tp' }));
      const id = created.body.id;
      const row = () => t.dataSource.query('SELECT * FROM webhook_subscriptions WHERE id = ?', [id]);
      const before = await row();
      for (const field of ['url', 'events', 'username', 'headers', 'active', 'ordering', 'userIds']) {
        const res = await t.http
          .patch(`/webhooks/subscriptions/${id}`)
          .set(bearer(TOKENS.admin))
          .send({ [field]: null });
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.message).toMatch(new RegExp(`^${field} `));
      }
      expect(await row()).toEqual(before);
      const cleared = await t.http
        .patch(`/webhooks/subscriptions/${id}`)
        .set(bearer(TOKENS.admin))
        .send({ description: null, projectTemplateId: null, password: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ description: null, projectTemplateId: null, hasPassword: false });
    });

    it('refuses an invalid field on PATCH with 400 naming it', async () => {
      const res = await t.http
        .patch(`/webhooks/subscriptions/${assignedId}`)
        .set(bearer(TOKENS.admin))
        .send({ url: 'gopher://x' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^url must use http or https/);
    });

    it('reassigns Webhook Users', async () => {
      const created = await t.http
        .post('/webhooks/subscriptions')
        .set(bearer(TOKENS.admin))
        .send(validBody({ userIds: ['bob'] }));
      expect((await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.user))).status).toBe(
        404,
      );
      await t.http
        .patch(`/webhooks/subscriptions/${created.body.id}`)
        .set(bearer(TOKENS.admin))
        .send({ userIds: ['alice'] });
      expect((await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.user))).status).toBe(
        200,
      );
      expect(
        (await t.http.get(`/webhooks/subscriptions/${created.body.id}`).set(bearer(TOKENS.otherUser))).status,
      ).toBe(404);
    });
  });

  it('lists the seven event types with what each means, to either permission', async () => {
    for (const token of [TOKENS.admin, TOKENS.user]) {
      const res = await t.http.get('/webhooks/event-types').set(bearer(token));
      expect(res.status).toBe(200);
      // Spelled out here, not read from the module's constant: a renamed event must fail this.
      const seven =
        'requisition_signed_accession report_signed report_corrected sample_rejected requisition_canceled ' +
        'report_ready_for_generation report_correction_ready_for_generation';
      expect(res.body.map((e: { name: string }) => e.name)).toEqual(seven.split(' '));
      expect(res.body.find((e: { name: string }) => e.name === 'report_corrected')).toMatchObject({
        name: 'report_corrected',
        description: 'A regenerated report of type Correction was signed (same payload shape as report_signed).',
        schemaVersion: 1,
        example: expect.objectContaining({ eventType: 'report_corrected' }),
      });
      for (const e of res.body) {
        expect(Object.keys(e).sort()).toEqual([
          'description',
          'example',
          'fhirTopic',
          'fields',
          'name',
          'schema',
          'schemaVersion',
        ]);
      }
      for (const e of res.body) expect(e.description.length).toBeGreaterThan(20);
    }
  });

  describe('pagination', () => {
    it('walks every subscription newest first with no gap and no repeat', async () => {
      const all = (await t.dataSource.query('SELECT id FROM webhook_subscriptions ORDER BY id DESC')).map(
        (r: any) => r.id,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await t.http
          .get('/webhooks/subscriptions')
          .query(cursor ? { limit: 3, cursor } : { limit: 3 })
          .set(bearer(TOKENS.admin));
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((s: any) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    });

    it.each([{ limit: 0 }, { limit: 101 }, { limit: 'x' }, { cursor: 'garbage' }])('refuses %p with 400', async (q) => {
      const res = await t.http.get('/webhooks/subscriptions').query(q).set(bearer(TOKENS.admin));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(new RegExp(`^${Object.keys(q)[0]} `));
    });
  });
});
