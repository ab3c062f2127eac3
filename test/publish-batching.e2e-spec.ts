import { WebhooksPublisher } from '../src';
import { TEST_DATABASE } from './support/env';
import { Receiver } from './support/receiver';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

/**
 * Publishes made at the same time are written in one INSERT and queued in one `addBulk`.
 * Each still returns only once its own entries are committed, and one publish the database
 * refuses does not take the others down with it.
 */
describe('publishes made together (real MariaDB, Redis and receiver)', () => {
  let receiver: Receiver;
  let t: TestApp;
  let webhooks: WebhooksPublisher;

  beforeAll(async () => {
    receiver = await Receiver.start();
    t = await startTestApp();
    webhooks = t.app.get(WebhooksPublisher);
    await createSubscription(t, {
      url: receiver.url('/hook'),
      events: ['report_signed', 'sample_rejected'],
    });
  });
  afterAll(async () => {
    await t?.close();
    await receiver.close();
  });
  beforeEach(() => (receiver.requests.length = 0));

  const committed = async (ids: string[]): Promise<number> => {
    const rows = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return Number(rows[0].n);
  };

  it('each of 30 concurrent publishes returns with its entry committed, and every one is delivered once', async () => {
    // Each entry's INSERT takes a while: a publish that returned before its commit would show.
    const trigger = `slow_insert_${Date.now()}`;
    if (TEST_DATABASE !== 'sqlite') {
      await t.dataSource.query(
        `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_deliveries FOR EACH ROW SET @slept = SLEEP(0.05)`,
      );
    }
    const seen: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const { deliveryIds } = await webhooks.publish('report_signed', { reportId: `R-${i}` });
          expect(deliveryIds).toHaveLength(1);
          // Read at once, on another connection, before any other publish of the batch may have finished.
          seen.push(await committed(deliveryIds));
        }),
      );
    } finally {
      if (TEST_DATABASE !== 'sqlite') await t.dataSource.query(`DROP TRIGGER ${trigger}`);
    }
    expect(seen).toEqual(Array(30).fill(1));
    await receiver.waitFor(30);
    const ids = receiver.requests.map((r) => JSON.parse(r.body).reportId).sort();
    expect(new Set(ids).size).toBe(30);
  });

  // SQLite writes one transaction at a time, so another connection cannot read around it there.
  (TEST_DATABASE === 'sqlite' ? it.skip : it)(
    'a publish whose entries take several INSERTs returns with all of them committed',
    async () => {
      // About 1 MB per entry, at most 4 MB per statement: five entries take two or three INSERTs.
      for (let i = 0; i < 5; i++) {
        await createSubscription(t, { url: receiver.url(`/wide-${i}`), events: ['requisition_canceled'] });
      }
      const trigger = `slow_wide_insert_${Date.now()}`;
      await t.dataSource.query(
        `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_deliveries FOR EACH ROW SET @slept = SLEEP(0.1)`,
      );
      let seen: number;
      try {
        const { deliveryIds } = await webhooks.publish('requisition_canceled', {
          requisitionId: 'Q-wide',
          note: 'x'.repeat(1_000_000),
        });
        expect(deliveryIds).toHaveLength(5);
        seen = await committed(deliveryIds);
      } finally {
        await t.dataSource.query(`DROP TRIGGER ${trigger}`);
      }
      expect(seen).toBe(5);
      await receiver.waitFor(5);
    },
  );

  it('a publish the database refuses fails alone: the others made with it are written and delivered', async () => {
    const trigger = `refuse_sample_${Date.now()}`;
    await t.dataSource.query(
      TEST_DATABASE === 'sqlite'
        ? `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_deliveries WHEN NEW.event_type = 'sample_rejected'
           BEGIN SELECT RAISE(ABORT, 'entry refused by test'); END`
        : `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_deliveries FOR EACH ROW
           IF NEW.event_type = 'sample_rejected' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'entry refused by test'; END IF`,
    );
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 21 }, (_, i) =>
          i === 10
            ? webhooks.publish('sample_rejected', { sampleId: 'S-1' })
            : webhooks.publish('report_signed', { reportId: `R-ok-${i}` }),
        ),
      );
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/entry refused by test/);
      const ids = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.deliveryIds : []));
      expect(ids).toHaveLength(20);
      expect(await committed(ids)).toBe(20);
      await receiver.waitFor(20);
      expect(receiver.requests.every((r) => JSON.parse(r.body).eventType === 'report_signed')).toBe(true);
    } finally {
      await t.dataSource.query(`DROP TRIGGER ${trigger}`);
    }
  });
});

/**
 * SQLite binds at most 32 766 parameters in one statement, about 1 560 entries: a publish to
 * more subscriptions than that is written in several INSERTs, in one transaction.
 */
describe('one publish to more subscriptions than one SQLite statement can bind (real SQLite)', () => {
  const SUBSCRIPTIONS = 1_600;
  let t: TestApp;

  beforeAll(async () => {
    // No worker: the entries are only written, nothing is sent.
    t = await startTestApp({ database: 'sqlite', webhooks: { processDeliveries: false } });
    for (let i = 0; i < SUBSCRIPTIONS; i++)
      await createSubscription(t, { url: `http://127.0.0.1:9/hook/${i}`, events: ['report_signed'] });
  }, 300_000);
  afterAll(() => t?.close());

  it(`writes all ${SUBSCRIPTIONS} entries`, async () => {
    const { deliveryIds } = await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-wide' });
    expect(deliveryIds).toHaveLength(SUBSCRIPTIONS);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries');
    expect(Number(n)).toBe(SUBSCRIPTIONS);
  });
});
