import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { EventLogRetentionService } from '../src';
import { newId } from '../src/common/ids';
import { DeliveryQueueService } from '../src/delivery/delivery-queue.service';
import { WebhookDeliveriesRepository } from '../src/persistence/webhook-deliveries.repository';
import {
  WEBHOOKS_AUDIT_PURGE_JOB,
  WEBHOOKS_MAINTENANCE_QUEUE,
  WEBHOOKS_PURGE_JOB,
  WEBHOOKS_QUEUE,
} from '../src/webhooks.constants';
import { bearer, TOKEN_OF, TOKENS, Who } from './support/env';
import { DAY, EntrySpec, insertAttempts, insertEntries } from './support/event-log-rows';
import { startTestApp, subscribe, TestApp } from './support/test-app';

const HOUR = 60 * 60 * 1000;

/** A partner endpoint for two event types, assigned to `userIds`. */
const subscribePartner = (t: TestApp, userIds: string[]) =>
  subscribe(t, 'https://partner.example.com/hooks/lab', { events: ['report_signed', 'sample_rejected'], userIds });

/** Every id the caller gets for `query`, walking all pages. */
async function walk(t: TestApp, token: string, query: Record<string, unknown>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await t.http
      .get('/webhooks/events')
      .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
      .set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items.map((e: any) => e.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

const newestFirst = (ids: string[]) => [...ids].sort().reverse();

describe('event log API (real MariaDB + Redis)', () => {
  let t: TestApp;
  let queue: Queue;
  let aliceSub: string; // assigned to alice
  let bobSub: string; // assigned to bob only

  beforeAll(async () => {
    // processDeliveries off: no worker takes the queued attempts, so the jobs can be inspected.
    t = await startTestApp({ webhooks: { processDeliveries: false, purgeBatchSize: 3 } });
    queue = t.app.get(getQueueToken(WEBHOOKS_QUEUE));
    aliceSub = await subscribePartner(t, ['alice']);
    bobSub = await subscribePartner(t, ['bob']);
  });

  afterAll(() => t.close());

  const row = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT status, attempt_count, run_attempts, next_attempt_at FROM webhook_deliveries WHERE id = ?',
        [id],
      )
    )[0];

  describe('who may call what', () => {
    const tokenOf = TOKEN_OF;
    const call = (who: Who, method: 'get' | 'post', path: string, body?: object) => {
      let req = t.http[method](path);
      if (tokenOf[who]) req = req.set(bearer(tokenOf[who]!));
      return body ? req.send(body) : req;
    };
    let entryId: string;
    beforeAll(async () => {
      [{ id: entryId }] = await insertEntries(t.dataSource, [{ subscriptionId: aliceSub, status: 'failed' }]);
    });

    it.each<[Who, number, boolean]>([
      ['none', 401, false],
      ['guest', 403, false],
      ['assigned', 200, true],
      ['unassigned', 200, false],
      ['admin', 200, true],
    ])('GET /events as %s → %i, entry listed: %s', async (who, status, listed) => {
      const res = await call(who, 'get', '/webhooks/events');
      expect(res.status).toBe(status);
      if (status === 200) expect(res.body.items.some((e: any) => e.id === entryId)).toBe(listed);
      else expect(typeof res.body.message).toBe('string');
    });

    it.each<[Who, number]>([
      ['none', 401],
      ['guest', 403],
      ['assigned', 200],
      ['unassigned', 404],
      ['admin', 200],
    ])('GET /events/:id as %s → %i', async (who, status) => {
      const res = await call(who, 'get', `/webhooks/events/${entryId}`);
      expect(res.status).toBe(status);
      if (status === 200) expect(res.body.id).toBe(entryId);
      if (status === 404) expect(res.body.message).toBe(`Event ${entryId} not found`);
    });

    it.each<[Who, number, 'queued' | 'notFound' | null]>([
      ['none', 401, null],
      ['guest', 403, null],
      ['unassigned', 202, 'notFound'],
      ['assigned', 202, 'queued'],
      ['admin', 202, 'queued'],
    ])('POST /events/resend as %s → %i, id in %s', async (who, status, where) => {
      const before = await row(entryId);
      const res = await call(who, 'post', '/webhooks/events/resend', { ids: [entryId] });
      expect(res.status).toBe(status);
      if (where === 'queued') expect(res.body).toEqual({ queued: [entryId], notFound: [] });
      if (where === 'notFound') expect(res.body).toEqual({ queued: [], notFound: [entryId] });
      if (where !== 'queued') expect(await row(entryId)).toEqual(before);
      else expect((await row(entryId)).status).toBe('pending');
      await t.dataSource.query(`UPDATE webhook_deliveries SET status = 'failed' WHERE id = ?`, [entryId]);
    });
  });

  describe('pagination', () => {
    let alicePaged: string;
    let paged: string[];
    beforeAll(async () => {
      alicePaged = await subscribePartner(t, ['alice']);
      const now = Date.now();
      const rows = await insertEntries(
        t.dataSource,
        Array.from({ length: 250 }, (_, i): EntrySpec => ({ subscriptionId: alicePaged, at: now - i * 7 * 60 * 1000 })),
      );
      // Entries of the same milliseconds in other subscriptions, which must not leak in.
      await insertEntries(
        t.dataSource,
        rows.slice(0, 40).map((r) => ({ subscriptionId: bobSub, at: r.createdAt.getTime() })),
      );
      paged = newestFirst(rows.map((r) => r.id));
    });

    it.each([1, 7, 50, 100])(
      'walks 250 entries of one subscription, %i a page, with no gap and no repeat',
      async (limit) => {
        expect(await walk(t, TOKENS.admin, { subscriptionId: alicePaged }, limit)).toEqual(paged);
      },
    );

    it('walks every entry of a Webhook User with several subscriptions, newest first', async () => {
      const visible = (
        await t.dataSource.query(
          `SELECT d.id FROM webhook_deliveries d JOIN webhook_subscription_users a ON a.subscription_id = d.subscription_id AND a.user_id = 'alice'`,
        )
      ).map((r: any) => r.id);
      expect(visible.length).toBeGreaterThan(250);
      expect(await walk(t, TOKENS.user, {}, 9)).toEqual(newestFirst(visible));
    });

    it('walks every entry for an admin, newest first', async () => {
      const all = (await t.dataSource.query('SELECT id FROM webhook_deliveries')).map((r: any) => r.id);
      expect(await walk(t, TOKENS.admin, {}, 100)).toEqual(newestFirst(all));
    });

    it('defaults to 50 a page', async () => {
      const res = await t.http.get('/webhooks/events').query({ subscriptionId: alicePaged }).set(bearer(TOKENS.admin));
      expect(res.body.items).toHaveLength(50);
      expect(res.body.nextCursor).toEqual(expect.any(String));
    });
  });

  describe('validation: each bad filter is a 400 that names it', () => {
    it.each<[Record<string, unknown>, RegExp]>([
      [{ limit: 0 }, /^limit /],
      [{ limit: 101 }, /^limit /],
      [{ limit: 'ten' }, /^limit /],
      [{ cursor: 'not-a-cursor' }, /^cursor must be a cursor returned by a previous page/],
      [{ subscriptionId: 'abc' }, /^subscriptionId must be a UUID/],
      [{ eventType: 'report_deleted' }, /^eventType must be one of: requisition_signed_accession/],
      [{ status: 'done' }, /^status must be one of: pending, retrying, succeeded, failed, canceled/],
      [{ since: 'yesterday' }, /^since must be an ISO 8601/],
      [{ since: '2026-01-01T00:00:00' }, /^since must be a date \(UTC\) or a date-time with a zone/],
      [{ until: '2026-13-01' }, /^until must be an ISO 8601/],
      [{ until: '2026-12-31T08Z' }, /^until must be a date-time with hours and minutes/],
      [{ since: '2026-12-31T08+01' }, /^since must be a date-time with hours and minutes/],
      [{ color: 'red' }, /property color should not exist/],
    ])('%p', async (query, message) => {
      const res = await t.http.get('/webhooks/events').query(query).set(bearer(TOKENS.admin));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    });

    it.each([{ since: '2026-01-01' }, { since: '2026-01-01T08:00:00+02:00' }, { until: '2026-01-01T08:00:00.123Z' }])(
      'accepts %p',
      async (query) =>
        expect((await t.http.get('/webhooks/events').query(query).set(bearer(TOKENS.admin))).status).toBe(200),
    );

    it.each<[unknown, RegExp]>([
      [undefined, /^ids should not be null or undefined/],
      [[], /^ids must contain at least 1 elements/],
      [Array.from({ length: 101 }, (_, i) => `id-${i}`), /^ids must contain no more than 100 elements/],
      ['one-id', /^ids must be an array/],
      [[5], /^each value in ids must be a string/],
    ])('resend with ids %p → 400', async (ids, message) => {
      const res = await t.http.post('/webhooks/events/resend').set(bearer(TOKENS.admin)).send({ ids });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    });
  });

  describe('detail', () => {
    it('shows the entry, its parsed payload and every attempt oldest first', async () => {
      const [entry] = await insertEntries(t.dataSource, [
        {
          subscriptionId: aliceSub,
          status: 'retrying',
          attemptCount: 2,
          eventType: 'sample_rejected',
          payload: { sampleId: 'S-9', reason: 'hemolyzed' },
        },
      ]);
      await insertAttempts(t.dataSource, entry.id, [
        { responseStatus: 503, responseBody: 'try later', responseHeaders: { 'retry-after': '60' }, error: 'HTTP 503' },
        {
          trigger: 'retry',
          responseStatus: null,
          responseHeaders: null,
          responseBody: null,
          error: 'timeout after 10000 ms',
          requestHeaders: { authorization: 'Basic [redacted]' },
        },
      ]);
      const res = await t.http.get(`/webhooks/events/${entry.id}`).set(bearer(TOKENS.user));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: entry.id,
        eventId: entry.eventId,
        eventType: 'sample_rejected',
        subscriptionId: aliceSub,
        status: 'retrying',
        attemptCount: 2,
        payload: { sampleId: 'S-9', reason: 'hemolyzed', eventType: 'sample_rejected' },
      });
      expect(res.body.attempts).toEqual([
        expect.objectContaining({
          attempt: 1,
          trigger: 'initial',
          responseStatus: 503,
          responseBody: 'try later',
          responseHeaders: { 'retry-after': '60' },
          error: 'HTTP 503',
          durationMs: 12,
        }),
        expect.objectContaining({
          attempt: 2,
          trigger: 'retry',
          responseStatus: null,
          responseBody: null,
          error: 'timeout after 10000 ms',
          requestHeaders: { authorization: 'Basic [redacted]' },
        }),
      ]);
      expect(Object.keys(res.body.attempts[0]).sort()).toEqual([
        'attempt',
        'delayReason',
        'durationMs',
        'error',
        'nextDelayMs',
        'requestHeaders',
        'responseBody',
        'responseHeaders',
        'responseStatus',
        'startedAt',
        'trigger',
        'url',
      ]);
    });

    it.each(['not-a-uuid', '0190a8f0-0000-7000-8000-000000000000'])('GET of %s is a 404', async (id) => {
      expect((await t.http.get(`/webhooks/events/${id}`).set(bearer(TOKENS.admin))).status).toBe(404);
    });

    it('list items carry the documented fields and no payload', async () => {
      const res = await t.http.get('/webhooks/events').query({ limit: 1 }).set(bearer(TOKENS.admin));
      expect(Object.keys(res.body.items[0]).sort()).toEqual([
        'attemptCount',
        'createdAt',
        'eventId',
        'eventNumber',
        'eventType',
        'id',
        'lastError',
        'lastResponseStatus',
        'nextAttemptAt',
        'payloadExpunged',
        'status',
        'subject',
        'subscriptionId',
        'updatedAt',
        'url',
      ]);
    });
  });

  describe('resend', () => {
    const jobsOf = async (id: string) =>
      (await queue.getJobs(['waiting', 'delayed', 'active'])).filter((j) => j.data.deliveryId === id);

    it('sets the entry back to pending, keeps its attempt count and queues the next lifetime attempt now', async () => {
      const [entry] = await insertEntries(t.dataSource, [
        { subscriptionId: aliceSub, status: 'failed', attemptCount: 3 },
      ]);
      await t.dataSource.query('UPDATE webhook_deliveries SET run_attempts = 3 WHERE id = ?', [entry.id]);
      const res = await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.admin))
        .send({ ids: [entry.id] });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ queued: [entry.id], notFound: [] });
      const after = await row(entry.id);
      expect(after).toMatchObject({ status: 'pending', attempt_count: 3, run_attempts: 0 });
      expect(after.next_attempt_at).not.toBeNull();
      const job = await queue.getJob(`${entry.id}:4`);
      expect(job?.data).toEqual({ deliveryId: entry.id, attempt: 4 });
      expect(await job!.getState()).toBe('waiting');
    });

    it('promotes a retry already waiting delayed instead of queueing a second one', async () => {
      const [entry] = await insertEntries(t.dataSource, [
        { subscriptionId: aliceSub, status: 'retrying', attemptCount: 1 },
      ]);
      await t.app.get(DeliveryQueueService).enqueue([{ deliveryId: entry.id, attempt: 2, delayMs: 729_000 }]);
      expect(await (await queue.getJob(`${entry.id}:2`))!.getState()).toBe('delayed');
      await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [entry.id] })
        .expect(202);
      await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [entry.id, entry.id] })
        .expect(202);
      const jobs = await jobsOf(entry.id);
      expect(jobs.map((j) => j.id)).toEqual([`${entry.id}:2`]);
      expect(await jobs[0].getState()).toBe('waiting');
    });

    it('queues what the caller may see and reports the rest as notFound, touching nothing else', async () => {
      const [mine, theirs, old] = await insertEntries(t.dataSource, [
        { subscriptionId: aliceSub, status: 'failed' },
        { subscriptionId: bobSub, status: 'failed' },
        { subscriptionId: aliceSub, status: 'failed', at: Date.now() - 31 * DAY },
      ]);
      const res = await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [theirs.id, mine.id, 'nope', old.id] });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ queued: [mine.id], notFound: [theirs.id, 'nope', old.id] });
      expect((await row(theirs.id)).status).toBe('failed');
      expect((await row(old.id)).status).toBe('failed');
      expect(await jobsOf(theirs.id)).toEqual([]);
      expect(await jobsOf(old.id)).toEqual([]);
      expect(await jobsOf(mine.id)).toHaveLength(1);
    });

    it('lets an admin resend an entry whose subscription was deleted', async () => {
      const gone = await subscribePartner(t, ['alice']);
      const [entry] = await insertEntries(t.dataSource, [{ subscriptionId: gone, status: 'failed' }]);
      await t.http.delete(`/webhooks/subscriptions/${gone}`).set(bearer(TOKENS.admin)).expect(204);
      const byAlice = await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.user))
        .send({ ids: [entry.id] });
      expect(byAlice.body).toEqual({ queued: [], notFound: [entry.id] });
      const byAdmin = await t.http
        .post('/webhooks/events/resend')
        .set(bearer(TOKENS.admin))
        .send({ ids: [entry.id] });
      expect(byAdmin.body).toEqual({ queued: [entry.id], notFound: [] });
    });
  });

  describe('retention', () => {
    it('hides an entry of 31 days ago everywhere, purges it with its attempts, and keeps a fresh one', async () => {
      const retention = t.app.get(EventLogRetentionService);
      const purgeSub = await subscribePartner(t, ['alice']);
      const old = await insertEntries(
        t.dataSource,
        Array.from({ length: 7 }, (_, i) => ({
          subscriptionId: purgeSub,
          status: 'failed' as const,
          at: Date.now() - 31 * DAY - i * HOUR,
        })),
      );
      const [fresh, edge] = await insertEntries(t.dataSource, [
        { subscriptionId: purgeSub, status: 'failed' },
        { subscriptionId: purgeSub, status: 'failed', at: Date.now() - 29 * DAY },
      ]);
      for (const e of [...old, fresh]) await insertAttempts(t.dataSource, e.id, [{}, { trigger: 'retry' }]);

      expect(await walk(t, TOKENS.admin, { subscriptionId: purgeSub }, 100)).toEqual(newestFirst([fresh.id, edge.id]));
      expect(await walk(t, TOKENS.user, { subscriptionId: purgeSub, since: '2000-01-01' }, 100)).toEqual(
        newestFirst([fresh.id, edge.id]),
      );
      expect((await t.http.get(`/webhooks/events/${old[0].id}`).set(bearer(TOKENS.admin))).status).toBe(404);

      const purged = await retention.purgeExpired();
      expect(purged).toBeGreaterThanOrEqual(7);
      const left = await t.dataSource.query('SELECT id FROM webhook_deliveries WHERE subscription_id = ?', [purgeSub]);
      expect(left.map((r: any) => r.id).sort()).toEqual([fresh.id, edge.id].sort());
      const attempts = await t.dataSource.query('SELECT delivery_id FROM webhook_attempts WHERE delivery_id IN (?)', [
        [...old, fresh].map((e) => e.id),
      ]);
      expect(attempts.map((a: any) => a.delivery_id)).toEqual([fresh.id, fresh.id]);
      expect(await retention.purgeExpired()).toBe(0);
    });

    it('a purge batch that the database rolls back in a deadlock runs again, and the purge finishes', async () => {
      // Seen in the bench: the entries' DELETE and a batched record of deliveries running beside
      // it lock neighbouring records of one secondary index, and InnoDB rolls the DELETE back.
      // Here the first batch meets that error, as mysql2 reports it; the rest is the real purge.
      const retention = t.app.get(EventLogRetentionService);
      const sub = await subscribePartner(t, ['alice']);
      const old = await insertEntries(
        t.dataSource,
        Array.from({ length: 5 }, (_, i) => ({
          subscriptionId: sub,
          status: 'succeeded' as const,
          at: Date.now() - 32 * DAY + i,
        })),
      );
      const sql = t.app.get(WebhookDeliveriesRepository);
      const real = sql.purgeBatch;
      let calls = 0;
      sql.purgeBatch = (...args: Parameters<typeof real>) =>
        ++calls === 1
          ? Promise.reject(
              Object.assign(new Error('Deadlock found when trying to get lock'), {
                code: 'ER_LOCK_DEADLOCK',
                errno: 1213,
              }),
            )
          : real.apply(sql, args);
      try {
        expect(await retention.purgeExpired()).toBe(5);
      } finally {
        sql.purgeBatch = real;
      }
      expect(calls).toBe(3); // the failed batch, its second run (3 entries), and the last batch (2 entries, no more)
      const left = await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE id IN (?)', [
        old.map((e) => e.id),
      ]);
      expect(Number(left[0].n)).toBe(0);
    });
  });
});

describe('event log filters (real MariaDB + Redis)', () => {
  let t: TestApp;
  let fixture: { id: string; subscriptionId: string; status: string; eventType: string; at: number }[];
  let s1: string; // alice
  let s2: string; // bob
  let s3: string; // alice
  const now = Date.now();
  const ages = [HOUR, 3 * DAY, 10 * DAY, 29 * DAY, 31 * DAY];
  const statuses = ['pending', 'retrying', 'succeeded', 'failed', 'canceled'] as const;
  const types = ['report_signed', 'sample_rejected'];

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { processDeliveries: false } });
    s1 = await subscribePartner(t, ['alice']);
    s2 = await subscribePartner(t, ['bob']);
    s3 = await subscribePartner(t, ['alice']);
    const specs: EntrySpec[] = [];
    for (const subscriptionId of [s1, s2, s3])
      for (const status of statuses)
        for (const eventType of types)
          for (const age of ages) specs.push({ subscriptionId, status, eventType, at: now - age - specs.length });
    const rows = await insertEntries(t.dataSource, specs);
    fixture = rows.map((r) => ({
      id: r.id,
      subscriptionId: r.subscriptionId,
      status: r.status,
      eventType: r.eventType,
      at: r.createdAt.getTime(),
    }));
  });

  afterAll(() => t.close());

  const iso = (age: number) => new Date(now - age).toISOString();
  type Q = { subscriptionId?: string; status?: string; eventType?: string; since?: string; until?: string };
  const expected = (q: Q, subs: string[]) =>
    newestFirst(
      fixture
        .filter((e) => e.at > now - 30 * DAY && subs.includes(e.subscriptionId))
        .filter((e) => !q.subscriptionId || e.subscriptionId === q.subscriptionId)
        .filter((e) => !q.status || e.status === q.status)
        .filter((e) => !q.eventType || e.eventType === q.eventType)
        .filter((e) => !q.since || e.at >= Date.parse(q.since))
        .filter((e) => !q.until || e.at < Date.parse(q.until))
        .map((e) => e.id),
    );

  const cases: [string, () => Q][] = [
    ['no filter', () => ({})],
    ['subscriptionId', () => ({ subscriptionId: s1 })],
    ['status', () => ({ status: 'failed' })],
    ['eventType', () => ({ eventType: 'sample_rejected' })],
    ['since', () => ({ since: iso(5 * DAY) })],
    ['until', () => ({ until: iso(5 * DAY) })],
    ['since older than retention', () => ({ since: iso(60 * DAY) })],
    ['since + until', () => ({ since: iso(20 * DAY), until: iso(2 * DAY) })],
    ['subscriptionId + status', () => ({ subscriptionId: s3, status: 'retrying' })],
    ['status + eventType', () => ({ status: 'succeeded', eventType: 'report_signed' })],
    ['subscriptionId + since', () => ({ subscriptionId: s1, since: iso(5 * DAY) })],
    [
      'all five',
      () => ({
        subscriptionId: s1,
        status: 'pending',
        eventType: 'report_signed',
        since: iso(15 * DAY),
        until: iso(2 * DAY),
      }),
    ],
    ['until before since', () => ({ since: iso(2 * DAY), until: iso(20 * DAY) })],
  ];

  it.each(cases)('admin, %s', async (_, q) => {
    const want = expected(q(), [s1, s2, s3]);
    expect(await walk(t, TOKENS.admin, q(), 11)).toEqual(want);
  });

  it.each(cases)('Webhook User of two subscriptions, %s', async (_, q) => {
    const want = expected(q(), [s1, s3]);
    expect(await walk(t, TOKENS.user, q(), 11)).toEqual(want);
  });

  it('the fixture makes every filter count: each narrows the log without emptying it', () => {
    const all = expected({}, [s1, s2, s3]).length;
    expect(all).toBe(3 * 5 * 2 * 4);
    for (const [name, q] of cases.slice(1, 12)) {
      if (name === 'since older than retention') continue;
      const n = expected(q(), [s1, s2, s3]).length;
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(all);
    }
  });

  it('a Webhook User filtering by a subscription not assigned to them gets an empty page', async () => {
    const res = await t.http.get('/webhooks/events').query({ subscriptionId: s2 }).set(bearer(TOKENS.user));
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('event log purge schedule (real Redis)', () => {
  it('registers one repeatable purge job each for the event log and the audit trail, at the configured interval', async () => {
    const t = await startTestApp({ webhooks: { purgeIntervalMs: 120_000 } });
    try {
      const maintenance: Queue = t.app.get(getQueueToken(WEBHOOKS_MAINTENANCE_QUEUE));
      const repeatable = await maintenance.getRepeatableJobs();
      expect(repeatable.map((j) => [j.name, Number(j.every)]).sort()).toEqual([
        [WEBHOOKS_AUDIT_PURGE_JOB, 120_000],
        [WEBHOOKS_PURGE_JOB, 120_000],
      ]);
    } finally {
      await t.close();
    }
  });

  it('the purge worker takes a purge job from the queue and purges (not only purgeExpired called directly)', async () => {
    const t = await startTestApp();
    try {
      const sub = newId();
      const [old] = await insertEntries(t.dataSource, [
        { subscriptionId: sub, status: 'failed', at: Date.now() - 31 * DAY },
      ]);
      await insertAttempts(t.dataSource, old.id, [{}]);
      const [fresh] = await insertEntries(t.dataSource, [{ subscriptionId: sub, status: 'failed' }]);
      const maintenance: Queue = t.app.get(getQueueToken(WEBHOOKS_MAINTENANCE_QUEUE));
      const job = await maintenance.add(WEBHOOKS_PURGE_JOB, {});
      expect(await job.finished()).toEqual({ purged: 1 });
      const ids = await t.dataSource.query('SELECT id FROM webhook_deliveries');
      expect(ids.map((r: { id: string }) => r.id)).toEqual([fresh.id]);
      expect(await t.dataSource.query('SELECT id FROM webhook_attempts WHERE delivery_id = ?', [old.id])).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
