import { WebhooksPublisher } from '../src';
import { SecretBox } from '../src/crypto/secret-box';
import { resealLabData } from '../src/lab-data/reseal-lab-data';
import { SubjectHasher } from '../src/lab-data/subject-hasher';
import { resolveWebhooksOptions } from '../src/webhooks-options';
import { bearer, TOKENS } from './support/env';
import { entryRun, insertEntries } from './support/event-log-rows';
import { startTestApp, subscribe, TestApp, testEncryptionKey } from './support/test-app';

describe('events by subject (real MariaDB)', () => {
  const oldKey = testEncryptionKey();
  const newKey = testEncryptionKey();
  let t: TestApp;
  let aliceSub: string;
  let bobSub: string;
  const ids: Record<string, string[]> = { 'R-1': [], 'R-2': [], none: [] };

  const partner = (userIds: string[]) => ({ events: ['report_signed', 'sample_rejected'], userIds });
  const search = async (app: TestApp, token: string, query: Record<string, string | number>) => {
    const res = await app.http.get('/webhooks/events').query(query).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as { id: string; subject: string | null; subscriptionId: string }[];
  };
  const sorted = (a: string[]) => [...a].sort();

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { encryptionKey: oldKey, processDeliveries: false } });
    aliceSub = await subscribe(t, 'https://partner.example.com/h', partner(['alice']));
    bobSub = await subscribe(t, 'https://partner.example.com/h', partner(['bob']));
    const webhooks = t.app.get(WebhooksPublisher);
    ids['R-1'].push(...(await webhooks.publish('report_signed', { reportId: 'R-1', patient: 'Jane' })).deliveryIds);
    ids['R-2'].push(...(await webhooks.publish('report_signed', { reportId: 'R-2' })).deliveryIds);
    ids['R-1'].push(...(await webhooks.publish('sample_rejected', { subject: 'R-1', sampleId: 'S-9' })).deliveryIds);
    ids.none.push(...(await webhooks.publish('report_signed', { note: 'no subject here' })).deliveryIds);
  });
  afterAll(() => t.close());

  it("finds exactly one subject's entries: all for an admin, assigned endpoints only for a Webhook User", async () => {
    expect(ids['R-1']).toHaveLength(4);
    const admin = await search(t, TOKENS.admin, { subject: 'R-1' });
    expect(sorted(admin.map((i) => i.id))).toEqual(sorted(ids['R-1']));
    expect(admin.every((i) => i.subject === 'R-1')).toBe(true);

    const alice = await search(t, TOKENS.user, { subject: 'R-1' });
    expect(alice.map((i) => i.subscriptionId)).toEqual([aliceSub, aliceSub]);
    const bob = await search(t, TOKENS.otherUser, { subject: 'R-1' });
    expect(bob.map((i) => i.subscriptionId)).toEqual([bobSub, bobSub]);

    expect((await search(t, TOKENS.admin, { subject: 'R-2' })).map((i) => i.id).sort()).toEqual(sorted(ids['R-2']));
    expect(await search(t, TOKENS.admin, { subject: 'R-3' })).toEqual([]);
    const noSubject = (await search(t, TOKENS.admin, {})).filter((i) => ids.none.includes(i.id));
    expect(noSubject.map((i) => i.subject)).toEqual([null, null]);
  });

  it('combines with the other filters and pages', async () => {
    const bySub = await search(t, TOKENS.admin, {
      subject: 'R-1',
      subscriptionId: aliceSub,
      eventType: 'sample_rejected',
    });
    expect(bySub).toHaveLength(1);
    expect(await search(t, TOKENS.admin, { subject: 'R-1', status: 'succeeded' })).toEqual([]);
    const page1 = await t.http.get('/webhooks/events').query({ subject: 'R-1', limit: 3 }).set(bearer(TOKENS.admin));
    const page2 = await t.http
      .get('/webhooks/events')
      .query({ subject: 'R-1', limit: 3, cursor: page1.body.nextCursor })
      .set(bearer(TOKENS.admin));
    expect(sorted([...page1.body.items, ...page2.body.items].map((i: any) => i.id))).toEqual(sorted(ids['R-1']));
    expect(page2.body.nextCursor).toBeNull();
  });

  it('stores neither the subject nor a plain hash of it', async () => {
    const rows = await t.dataSource.query(
      'SELECT subject_hash, subject_sealed FROM webhook_deliveries WHERE id IN (?)',
      [ids['R-1']],
    );
    for (const r of rows) {
      expect(r.subject_hash).toMatch(/^[0-9a-f]{8}\.[\w-]{43}$/);
      expect(`${r.subject_hash} ${r.subject_sealed}`).not.toContain('R-1');
      expect(r.subject_sealed).toMatch(/^v1\./);
    }
    expect(new Set(rows.map((r: any) => r.subject_hash)).size).toBe(1);
  });

  it('answers 400 naming subject when it is empty or too long', async () => {
    for (const subject of ['', 'x'.repeat(201)]) {
      const res = await t.http.get('/webhooks/events').query({ subject }).set(bearer(TOKENS.admin));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain('subject must be 1 to 200 characters');
    }
  });

  it('still finds R-1 after a key rotation, and after the re-seal with the old key gone', async () => {
    const rotated = await startTestApp({
      databaseUrl: t.databaseUrl,
      webhooks: { encryptionKey: newKey, previousEncryptionKeys: [oldKey], processDeliveries: false },
    });
    try {
      // Between rotation and re-seal: hashes under the old key are still matched.
      expect(sorted((await search(rotated, TOKENS.admin, { subject: 'R-1' })).map((i) => i.id))).toEqual(
        sorted(ids['R-1']),
      );
      const options = resolveWebhooksOptions({ encryptionKey: newKey, previousEncryptionKeys: [oldKey] });
      const report = await resealLabData(rotated.dataSource, new SecretBox(options), new SubjectHasher(options), {
        batchSize: 3,
      });
      expect(report).toEqual({ scanned: 8, resealed: 8, skipped: 0, unreadable: [] });
    } finally {
      await rotated.close();
    }
    const onlyNew = await startTestApp({
      databaseUrl: t.databaseUrl,
      webhooks: { encryptionKey: newKey, processDeliveries: false },
    });
    try {
      const found = await search(onlyNew, TOKENS.admin, { subject: 'R-1' });
      expect(sorted(found.map((i) => i.id))).toEqual(sorted(ids['R-1']));
      expect(found.every((i) => i.subject === 'R-1')).toBe(true);
      const detail = await onlyNew.http.get(`/webhooks/events/${ids['R-1'][0]}`).set(bearer(TOKENS.admin));
      expect(detail.body.payload.patient).toBe('Jane');
    } finally {
      await onlyNew.close();
    }
  });

  it("a Webhook User's subject search reads their own endpoints' entries only, however many others hold", async () => {
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-HOT' });
    expect(deliveryIds).toHaveLength(2); // one on alice's endpoint, one on bob's
    // 300 more entries of R-HOT on bob's endpoint alone.
    const others = await insertEntries(t.dataSource, entryRun(bobSub, 'succeeded', 300, Date.now() - 3600_000, 10));
    await t.dataSource.query('UPDATE webhook_deliveries SET subject_hash = ? WHERE id IN (?)', [
      t.app.get(SubjectHasher).hash('R-HOT'),
      others.map((e) => e.id),
    ]);
    const query = jest.spyOn(t.dataSource, 'query');
    let found: Awaited<ReturnType<typeof search>>;
    let calls: unknown[][];
    try {
      found = await search(t, TOKENS.user, { subject: 'R-HOT' });
    } finally {
      calls = [...query.mock.calls];
      query.mockRestore();
    }
    expect(found.map((i) => i.subscriptionId)).toEqual([aliceSub]);
    // The page statement as the service sent it, run again under ANALYZE: rows the server read.
    const [sql, params] = calls.find(([q]) => /subject_hash = \?/.test(String(q)))!;
    const [plan] = await t.dataSource.query(`ANALYZE FORMAT=JSON ${sql}`, params as unknown[]);
    const rowsRead = [...JSON.stringify(JSON.parse(Object.values(plan)[0] as string)).matchAll(/"r_rows":([\d.]+)/g)]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    expect(rowsRead).toBeLessThanOrEqual(2);
  });
});
