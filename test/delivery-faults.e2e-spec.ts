import { SQL_DIALECTS, sqlDialectOf } from '../src/persistence/dialect.sql';
import { useDeliveryHost } from './support/delivery-host';
import { bearer, TEST_DATABASE, TOKENS } from './support/env';
import { subscribe } from './support/test-app';
import { waitUntil } from './support/wait';

/**
 * Faults inside the engine: a record that cannot be written, a secret that cannot be opened,
 * a subscription ended while its attempt is in flight. Real MariaDB, Redis and receivers; the
 * faults are made in the database itself (a row too long, a trigger, a foreign key id).
 */
describe('delivery engine under faults (real MariaDB, Redis and receivers)', () => {
  const host = useDeliveryHost(
    { retryDelaysSeconds: [0.2, 0.2], deliveryTimeoutMs: 2000, recoveryIntervalMs: 300, recoveryGraceMs: 100 },
    { receiverMaxHeaderSize: 256 * 1024 }, // takes the oversized header below
  );

  const entry = (id: string) => host.entry(id);
  const attemptsOf = (id: string) => host.attemptsOf(id);
  const sentTo = (path: string) => host.receiver.requests.filter((r) => r.url === path);
  // A raw-query date as the module writes one on this database.
  const sqlDate = (d: Date) => SQL_DIALECTS[sqlDialectOf(host.dataSource)].date(d);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // SQLite's TEXT has no length limit: only MySQL/MariaDB can refuse a row as too long.
  const mysqlOnly = TEST_DATABASE === 'sqlite' ? it.skip : it;

  mysqlOnly(
    'an attempt too large to store does not fail its batch-mates, and none is sent twice',
    async () => {
      const bad = await subscribe(host, host.receiver.url('/too-long'));
      // Fits the subscription's column, but not the attempt's stored request headers.
      await host.dataSource.query('UPDATE webhook_subscriptions SET headers = ? WHERE id = ?', [
        JSON.stringify({ [`x-${'n'.repeat(65_300)}`]: 'v' }),
        bad,
      ]);
      const good = await subscribe(host, host.receiver.url('/batch-mate'));
      const published = [];
      for (let i = 0; i < 5; i++) published.push(host.webhooks.publish('report_signed', { i }));
      const ids = (await Promise.all(published)).flatMap((p) => p.deliveryIds);
      await waitUntil(
        async () => (await Promise.all(ids.map(entry))).every((e) => e.status === 'succeeded'),
        'all ten entries to succeed',
        20_000,
      );
      await pause(1500); // several sweeps: anything left unrecorded would be sent again by now
      expect(sentTo('/batch-mate')).toHaveLength(5);
      expect(sentTo('/too-long')).toHaveLength(5);
      for (const id of ids) {
        const e = await entry(id);
        expect(e).toMatchObject({ status: 'succeeded', attempt_count: 1, lease_until: null });
        expect(await attemptsOf(id)).toHaveLength(1);
      }
      const badEntries = (await Promise.all(ids.map(entry))).filter((e) => e.subscription_id === bad);
      for (const e of badEntries) {
        const [a] = await attemptsOf(e.id);
        expect(a.request_headers).toBe('{}');
        expect(a.error).toMatch(/attempt details not stored \(ER_DATA_TOO_LONG\)/);
      }
      for (const id of [bad, good]) await host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));
    },
    40_000,
  );

  it('an attempt that can never be recorded is sent at most as often as the schedule allows, then ends failed', async () => {
    const sub = await subscribe(host, host.receiver.url('/unrecordable'));
    host.receiver.handler = (_req, res) => {
      res.statusCode = 500;
      res.end();
    };
    const trigger = `refuse_attempts_${sub.replace(/-/g, '')}`;
    const refused = `NEW.delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = '${sub}')`;
    await host.dataSource.query(
      TEST_DATABASE === 'sqlite'
        ? `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_attempts WHEN ${refused}
           BEGIN SELECT RAISE(ABORT, 'attempt refused by test'); END`
        : `CREATE TRIGGER ${trigger} BEFORE INSERT ON webhook_attempts FOR EACH ROW
           IF ${refused} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'attempt refused by test'; END IF`,
    );
    try {
      const { deliveryIds } = await host.webhooks.publish('report_signed', { n: 1 });
      // Each lost record leaves a lease; the test ends it at once instead of waiting it out.
      const expireLeases = () =>
        host.dataSource.query(
          'UPDATE webhook_deliveries SET lease_until = ? WHERE id = ? AND lease_until IS NOT NULL',
          [sqlDate(new Date(Date.now() - 1000)), deliveryIds[0]],
        );
      await waitUntil(
        async () => {
          await expireLeases();
          return (await entry(deliveryIds[0])).status === 'failed';
        },
        'the entry to end failed',
        20_000,
      );
      for (let i = 0; i < 10; i++) {
        await expireLeases();
        await pause(150);
      }
      // The schedule allows three attempts ([0.2, 0.2]): three sends, never more.
      expect(sentTo('/unrecordable')).toHaveLength(3);
      expect(sentTo('/unrecordable').map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
      expect(await entry(deliveryIds[0])).toMatchObject({
        status: 'failed',
        attempt_count: 3,
        next_attempt_at: null,
        lease_until: null,
      });
      expect((await entry(deliveryIds[0])).last_error).toMatch(/could not be recorded/);
    } finally {
      await host.dataSource.query(`DROP TRIGGER ${trigger}`);
      await host.http.delete(`/webhooks/subscriptions/${sub}`).set(bearer(TOKENS.admin));
    }
  }, 40_000);

  it('a secret the key cannot open: a failed attempt naming the key id, and the endpoint slot is freed', async () => {
    const broken = await subscribe(host, host.receiver.url('/sealed-elsewhere'));
    const healthy = await subscribe(host, host.receiver.url('/same-origin'), { events: ['sample_rejected'] });
    await host.dataSource.query('UPDATE webhook_subscriptions SET signing_secret_sealed = ? WHERE id = ?', [
      'v1.0badc0de.aaaa.bbbb.cccc',
      broken,
    ]);
    // More unopenable attempts than an origin has slots (perEndpointConcurrency, 20).
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(...(await host.webhooks.publish('report_signed', { i })).deliveryIds);
    await waitUntil(
      async () => (await Promise.all(ids.map(entry))).every((e) => e.status === 'failed'),
      'the entries to fail',
      15_000,
    );
    for (const id of ids) {
      const attempts = await attemptsOf(id);
      expect(attempts).toHaveLength(1);
      expect(attempts[0].error).toMatch(/signing secret cannot be opened \(sealed under key id 0badc0de\)/);
      expect(await entry(id)).toMatchObject({
        status: 'failed',
        attempt_count: 1,
        lease_until: null,
        next_attempt_at: null,
      });
    }
    expect(sentTo('/sealed-elsewhere')).toHaveLength(0);
    // The same origin still gets its deliveries: no slot leaked.
    const { deliveryIds } = await host.webhooks.publish('sample_rejected', { after: true });
    await waitUntil(
      async () => (await entry(deliveryIds[0])).status === 'succeeded',
      'the same origin to be served',
      10_000,
    );
    expect(sentTo('/same-origin')).toHaveLength(1);
    for (const id of [broken, healthy])
      await host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin));
  }, 30_000);

  describe.each([
    [
      'deactivated',
      (id: string) =>
        host.http.patch(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin)).send({ active: false }),
    ],
    ['deleted', (id: string) => host.http.delete(`/webhooks/subscriptions/${id}`).set(bearer(TOKENS.admin))],
  ])('a subscription %s while its attempt is in flight', (how, end) => {
    it('stays canceled when the late attempt is recorded, and is not retried', async () => {
      const sub = await subscribe(host, host.receiver.url(`/in-flight-${how}`));
      let answer: () => void = () => undefined;
      host.receiver.handler = (_req, res) => {
        answer = () => {
          res.statusCode = 500;
          res.end('late');
        };
      };
      const { deliveryIds } = await host.webhooks.publish('report_signed', { how });
      await host.receiver.waitFor(1);
      expect((await end(sub)).status).toBeLessThan(300);
      expect((await entry(deliveryIds[0])).status).toBe('canceled');
      answer();
      await waitUntil(async () => (await attemptsOf(deliveryIds[0])).length === 1, 'the late attempt to be recorded');
      await pause(1000); // past the retry delay and a few sweeps
      expect(await entry(deliveryIds[0])).toMatchObject({ status: 'canceled', next_attempt_at: null });
      expect((await attemptsOf(deliveryIds[0]))[0]).toMatchObject({ response_status: 500 });
      expect(host.receiver.requests).toHaveLength(1);
      if (how === 'deactivated') await host.http.delete(`/webhooks/subscriptions/${sub}`).set(bearer(TOKENS.admin));
    });
  });

  it('deactivating a subscription cancels its retrying entries', async () => {
    const sub = await subscribe(host, host.receiver.url('/deactivate-retrying'));
    host.receiver.handler = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    // The retry delay is 0.2 s: deactivate right after the first failure is recorded.
    const { deliveryIds } = await host.webhooks.publish('report_signed', { n: 1 });
    await waitUntil(async () => (await entry(deliveryIds[0])).status === 'retrying', 'retrying', 10_000, 10);
    await host.http
      .patch(`/webhooks/subscriptions/${sub}`)
      .set(bearer(TOKENS.admin))
      .send({ active: false })
      .expect(200);
    expect(await entry(deliveryIds[0])).toMatchObject({ status: 'canceled', next_attempt_at: null });
    await pause(1000);
    expect((await entry(deliveryIds[0])).status).toBe('canceled');
    await host.http.delete(`/webhooks/subscriptions/${sub}`).set(bearer(TOKENS.admin));
  });
});
