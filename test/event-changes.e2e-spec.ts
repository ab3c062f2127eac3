import { bearer, TOKENS } from './support/env';
import { insertEntries } from './support/event-log-rows';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

// The engine is off: entries are written and changed by hand, and the live log's polls read them.
describe('GET /webhooks/events/changes (the live log, real MariaDB)', () => {
  let t: TestApp;
  let a: string;
  let b: string;

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { processDeliveries: false } });
    const create = async (path: string, userIds: string[]) =>
      (await createSubscription(t, { url: `http://127.0.0.1:9/${path}`, events: ['report_signed'], userIds })).id;
    a = await create('a', ['alice']);
    b = await create('b', []);
    await insertEntries(
      t.dataSource,
      Array.from({ length: 3 }, (_, i) => ({
        subscriptionId: a,
        status: 'pending' as const,
        at: Date.now() - 60_000 + i,
      })),
    );
  });
  afterAll(() => t.close());

  const poll = (query: Record<string, unknown>, token: string = TOKENS.user) =>
    t.http.get('/webhooks/events/changes').query(query).set(bearer(token));

  it('first poll: the first page and a token; then only what is new or changed since, for the caller only', async () => {
    const first = await poll({ limit: 50 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reset: true, changed: [], nextCursor: null });
    expect(first.body.items).toHaveLength(3);
    const shown = first.body.items.map((e: { id: string }) => e.id);

    // Nothing happened: nothing new (the entries of the first page are older than the look-back).
    const quiet = await poll({ after: first.body.next, ids: shown.join(',') });
    expect(quiet.body).toMatchObject({ reset: false, items: [], changed: [] });

    // One new entry of alice's endpoint, one of an endpoint she does not see, and one shown entry changes.
    const [fresh] = await insertEntries(t.dataSource, [{ subscriptionId: a, status: 'pending' }]);
    await insertEntries(t.dataSource, [{ subscriptionId: b, status: 'pending' }]);
    await t.dataSource.query(`UPDATE webhook_deliveries SET status = 'failed', updated_at = ? WHERE id = ?`, [
      new Date(),
      shown[1],
    ]);
    const next = await poll({ after: quiet.body.next, ids: shown.join(',') });
    expect(next.body.reset).toBe(false);
    expect(next.body.items.map((e: { id: string }) => e.id)).toEqual([fresh.id]);
    expect(next.body.changed).toEqual([expect.objectContaining({ id: shown[1], status: 'failed' })]);

    // An admin sees b's entry too; a filter applies to the new entries as to a page.
    const admin = await poll({ after: quiet.body.next }, TOKENS.admin);
    expect(admin.body.items).toHaveLength(2);
    const filtered = await poll({ after: quiet.body.next, subscriptionId: b }, TOKENS.admin);
    expect(filtered.body.items.map((e: { subscriptionId: string }) => e.subscriptionId)).toEqual([b]);
    // Another caller's entry id among `ids` tells nothing.
    const bob = await poll({ after: quiet.body.next, ids: shown.join(',') }, TOKENS.otherUser);
    expect(bob.body).toMatchObject({ items: [], changed: [] });
  });

  it('more new entries than a page: reset, with the first page as it is now', async () => {
    const first = await poll({ limit: 2 });
    await insertEntries(
      t.dataSource,
      Array.from({ length: 3 }, () => ({ subscriptionId: a, status: 'pending' as const })),
    );
    const res = await poll({ limit: 2, after: first.body.next });
    expect(res.body.reset).toBe(true);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('refuses a token, ids or filter it does not know, naming the field', async () => {
    for (const [query, message] of [
      [{ after: 'yesterday' }, /^after must be the next token/],
      [{ ids: 'not-an-id' }, /^ids must be entry ids/],
      [
        { ids: Array.from({ length: 101 }, () => '01a2ea3c-0000-7000-8000-000000000000').join(',') },
        /^ids must list at most 100/,
      ],
      [{ status: 'lost' }, /^status must be one of/],
    ] as const) {
      const res = await poll(query);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }
  });
});
