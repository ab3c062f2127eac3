import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { idFloorAt } from '../src/common/ids';
import { SQL_DIALECTS, sqlDialectOf, SqlDialectName } from '../src/persistence/dialect.sql';
import { WebhookAttemptEntity } from '../src/persistence/webhook-attempt.entity';
import { DELIVERIES_SQL } from '../src/persistence/webhook-deliveries.sql';
import { DeliveryStatus, WebhookDeliveryEntity } from '../src/persistence/webhook-delivery.entity';
import { WebhookSubjectSequenceEntity } from '../src/persistence/webhook-subject-sequence.entity';
import { SUBJECT_SEQUENCES_SQL } from '../src/persistence/webhook-subject-sequences.sql';
import { WebhookTaskLockEntity } from '../src/persistence/webhook-task-lock.entity';
import { createSqliteDatabase, createTestDatabase, mariadbOptions, sqliteOptions } from './support/database';
import { insertAttempts, insertEntries } from './support/event-log-rows';

/**
 * The contract of each `src/persistence/*.sql.ts` store, run the same on both databases the module supports:
 * MariaDB with the migrations, and SQLite (better-sqlite3) with the synchronized schema, as
 * the example app runs it. Each case writes through TypeORM where the module does, so a store
 * that disagrees with the entities' own storage (a date format, a type) fails here.
 */
const DATABASES: Record<SqlDialectName, () => Promise<{ ds: DataSource; drop(): Promise<void> }>> = {
  async mysql() {
    const db = await createTestDatabase();
    return { ds: await new DataSource(mariadbOptions(db.url)).initialize(), drop: () => db.drop() };
  },
  async sqlite() {
    const db = createSqliteDatabase();
    return { ds: await new DataSource(sqliteOptions(db.url)).initialize(), drop: () => db.drop() };
  },
};

describe.each(Object.keys(DATABASES) as SqlDialectName[])('the SQL stores on %s', (name) => {
  let ds: DataSource;
  let drop: () => Promise<void>;
  const dialect = SQL_DIALECTS[name];
  const subjectSequences = SUBJECT_SEQUENCES_SQL[name];
  const deliveries = DELIVERIES_SQL[name];

  beforeAll(async () => {
    ({ ds, drop } = await DATABASES[name]());
  });
  afterAll(async () => {
    await ds?.destroy();
    await drop?.();
  });

  it('is the store the module picks for this database', () => {
    expect(sqlDialectOf(ds)).toBe(name);
  });

  describe('SqlDialect', () => {
    const at = new Date('2026-03-04T05:06:07.089Z');

    it('reads a date back from a Date, from zoneless UTC text, and from text that names its zone', () => {
      expect(dialect.readDate(at).toISOString()).toBe(at.toISOString());
      if (name === 'sqlite') expect(dialect.readDate('2026-03-04 05:06:07.089').toISOString()).toBe(at.toISOString());
      for (const text of ['2026-03-04T05:06:07.089Z', '2026-03-04 05:06:07.089Z', '2026-03-04T07:06:07.089+02:00'])
        expect(dialect.readDate(text).toISOString()).toBe(at.toISOString());
    });

    it('a date parameter is stored as TypeORM stores it, and read back to the same instant', async () => {
      const subscriptionId = uuidv7();
      await ds.query(
        'INSERT INTO webhook_subject_sequences (subscription_id, subject_hash, last_seq, updated_at) VALUES (?, ?, ?, ?)',
        [subscriptionId, 'h-raw', 1, dialect.date(at)],
      );
      await ds
        .getRepository(WebhookSubjectSequenceEntity)
        .insert({ subscriptionId, subjectHash: 'h-orm', lastSeq: '1', updatedAt: at });
      const raw: { subject_hash: string; updated_at: Date | string }[] = await ds.query(
        'SELECT subject_hash, updated_at FROM webhook_subject_sequences WHERE subscription_id = ? ORDER BY subject_hash',
        [subscriptionId],
      );
      expect(raw.map((r) => dialect.readDate(r.updated_at).toISOString())).toEqual([
        at.toISOString(),
        at.toISOString(),
      ]);
      // Compared in SQL: one millisecond either side finds both rows, or neither.
      const count = async (op: string, d: Date) =>
        Number(
          (
            await ds.query(
              `SELECT COUNT(*) AS n FROM webhook_subject_sequences WHERE subscription_id = ? AND updated_at ${op} ?`,
              [subscriptionId, dialect.date(d)],
            )
          )[0].n,
        );
      expect(await count('<', new Date(at.getTime() + 1))).toBe(2);
      expect(await count('<', at)).toBe(0);
      expect(await count('=', at)).toBe(2);
      const orm = await ds
        .getRepository(WebhookSubjectSequenceEntity)
        .findOneByOrFail({ subscriptionId, subjectHash: 'h-raw' });
      expect(orm.updatedAt.toISOString()).toBe(at.toISOString());
    });

    it('an index hint names an index the planner takes (MySQL) or is left out', async () => {
      const [entry] = await insertEntries(ds, [{ subscriptionId: uuidv7(), status: 'failed' }]);
      const rows = await ds.query(
        `SELECT id FROM webhook_deliveries${dialect.forceIndex('idx_webhook_deliveries_subscription_status')}
         WHERE subscription_id = ? AND status = ? ORDER BY id DESC LIMIT 1`,
        [entry.subscriptionId, 'failed'],
      );
      expect(rows).toEqual([{ id: entry.id }]);
      // A hint is really sent where the dialect gives one: an unknown index is an error there.
      const unknown = ds.query(`SELECT id FROM webhook_deliveries${dialect.forceIndex('idx_no_such_index')} LIMIT 1`);
      if (name === 'mysql') await expect(unknown).rejects.toThrow(/idx_no_such_index/);
      else await expect(unknown).resolves.toBeDefined();
    });

    it('tells a duplicate key from other errors', async () => {
      const lock = { subscriptionId: uuidv7(), taskId: uuidv7() };
      await ds.getRepository(WebhookTaskLockEntity).insert(lock);
      const duplicate = await ds
        .getRepository(WebhookTaskLockEntity)
        .insert(lock)
        .catch((err) => err);
      expect(dialect.isDuplicateKey(duplicate)).toBe(true);
      expect(dialect.isRetryable(duplicate)).toBe(false); // running it again would fail the same way
      const other = await ds.query('SELECT no_such_column FROM webhook_task_locks').catch((err) => err);
      expect(other).toBeInstanceOf(Error);
      expect(dialect.isDuplicateKey(other)).toBe(false);
    });

    it('retries a transaction after a lock wait given up (MySQL; SQLite has no such wait)', async () => {
      if (name === 'sqlite') return; // one connection, one writer: no transaction waits on another
      const lock = { subscriptionId: uuidv7(), taskId: uuidv7() };
      await ds.getRepository(WebhookTaskLockEntity).insert(lock);
      const other = ds.createQueryRunner();
      try {
        await ds.transaction(async (m) => {
          await m.query('SELECT * FROM webhook_task_locks WHERE subscription_id = ? FOR UPDATE', [lock.subscriptionId]);
          await other.query('SET SESSION innodb_lock_wait_timeout = 1');
          const waited = await other
            .query('DELETE FROM webhook_task_locks WHERE subscription_id = ?', [lock.subscriptionId])
            .catch((err) => err);
          expect(dialect.isRetryable(waited)).toBe(true);
        });
      } finally {
        await other.release();
      }
    });
  });

  describe('SubjectSequencesSql (and DeliveriesSql.firstOpen)', () => {
    const counters = async (subscriptionId: string) =>
      Object.fromEntries(
        (await ds.getRepository(WebhookSubjectSequenceEntity).findBy({ subscriptionId })).map((c) => [
          c.subjectHash,
          String(c.lastSeq),
        ]),
      );

    it('bumpCounters: a new counter starts at the floor, an existing one at max(last + 1, floor)', async () => {
      const s = uuidv7();
      const floor = 1_700_000_000_000_000;
      await ds.transaction((m) =>
        subjectSequences.bumpCounters(
          m,
          [
            { subscriptionId: s, subjectHash: 'a' },
            { subscriptionId: s, subjectHash: 'b' },
          ],
          floor,
          new Date(),
        ),
      );
      expect(await counters(s)).toEqual({ a: String(floor), b: String(floor) });
      // The clock went back (or a counter ran ahead): last + 1 wins. Forward: the floor wins.
      await ds.transaction((m) =>
        subjectSequences.bumpCounters(m, [{ subscriptionId: s, subjectHash: 'a' }], floor - 5, new Date()),
      );
      await ds.transaction((m) =>
        subjectSequences.bumpCounters(m, [{ subscriptionId: s, subjectHash: 'b' }], floor + 5, new Date()),
      );
      expect(await counters(s)).toEqual({ a: String(floor + 1), b: String(floor + 5) });
    });

    it('lockCounters: holds the counters until the transaction ends (MySQL); a no-op on SQLite', async () => {
      const s = uuidv7();
      const group = { subscriptionId: s, subjectHash: 'a' };
      await ds.transaction((m) => subjectSequences.bumpCounters(m, [group], 1, new Date()));
      const other = ds.createQueryRunner();
      try {
        await ds.transaction(async (m) => {
          await subjectSequences.lockCounters(m, [group, { subscriptionId: s, subjectHash: 'none' }]);
          if (name === 'sqlite') return; // one connection, one writer at a time: nothing to lock
          await other.query('SET SESSION innodb_lock_wait_timeout = 1');
          const write = other.query('UPDATE webhook_subject_sequences SET last_seq = 7 WHERE subscription_id = ?', [s]);
          await expect(write).rejects.toThrow(/Lock wait timeout/);
        });
      } finally {
        await other.release();
      }
    });

    it('firstOpen: the open entry with the lowest number of each group; groups with none are left out', async () => {
      const s = uuidv7();
      const entry = async (subjectHash: string, orderSeq: string | null, status: DeliveryStatus) => {
        const [row] = await insertEntries(ds, [{ subscriptionId: s, status }]);
        await ds.getRepository(WebhookDeliveryEntity).update(row.id, { subjectHash, orderSeq });
        return row.id;
      };
      await entry('a', '1', 'succeeded');
      const a2 = await entry('a', '2', 'retrying');
      await entry('a', '3', 'pending');
      await entry('b', null, 'pending'); // out of the order (resent)
      const b5 = await entry('b', '5', 'pending');
      await entry('b', '4', 'failed');
      await entry('c', '1', 'canceled');
      const firsts = await ds.transaction((m) =>
        deliveries.firstOpen(
          m,
          ['a', 'b', 'c'].map((subjectHash) => ({ subscriptionId: s, subjectHash })),
        ),
      );
      expect(firsts.map((f) => [f.id, f.status, Number(f.attempt_count), f.url]).sort()).toEqual(
        [
          [a2, 'retrying', 1, 'https://partner.example.com/hooks/lab'],
          [b5, 'pending', 1, 'https://partner.example.com/hooks/lab'],
        ].sort(),
      );
    });
  });

  describe('DeliveriesSql.updateEntries', () => {
    it('updateEntries: writes open entries at the attempt recorded and frees their leases; never a final one or another attempt', async () => {
      const s = uuidv7();
      const [open, retrying, canceled, moved] = await insertEntries(ds, [
        { subscriptionId: s, status: 'pending', attemptCount: 1 },
        { subscriptionId: s, status: 'retrying', attemptCount: 2 },
        { subscriptionId: s, status: 'canceled', attemptCount: 1 },
        { subscriptionId: s, status: 'pending', attemptCount: 3 }, // claimed again since
      ]);
      const lease = { leaseUntil: new Date(Date.now() + 60_000), leaseToken: uuidv7() };
      await ds.getRepository(WebhookDeliveryEntity).update({ subscriptionId: s }, lease);
      const next = new Date('2026-03-04T05:06:07.089Z');
      const now = new Date('2026-03-04T05:00:00.001Z');
      const update = (deliveryId: string, attempt: number, status: DeliveryStatus) => ({
        deliveryId,
        status,
        attempt,
        responseStatus: status === 'succeeded' ? 204 : 500,
        error: status === 'succeeded' ? null : 'HTTP 500',
        nextAttemptAt: status === 'retrying' ? next : null,
        url: 'https://partner.example.com/hooks/moved',
      });
      const written = await ds.transaction((m) =>
        deliveries.updateEntries(
          m,
          [
            update(open.id, 1, 'succeeded'),
            update(retrying.id, 2, 'retrying'),
            update(canceled.id, 1, 'failed'),
            update(moved.id, 2, 'failed'),
          ],
          now,
        ),
      );
      expect(written).toBe(2);
      const rows = new Map(
        (await ds.getRepository(WebhookDeliveryEntity).findBy({ subscriptionId: s })).map((e) => [e.id, e]),
      );
      expect(rows.get(open.id)).toMatchObject({
        status: 'succeeded',
        lastResponseStatus: 204,
        lastError: null,
        nextAttemptAt: null,
        leaseUntil: null,
        leaseToken: null,
        url: 'https://partner.example.com/hooks/moved',
      });
      expect(rows.get(open.id)!.updatedAt.toISOString()).toBe(now.toISOString());
      expect(rows.get(retrying.id)).toMatchObject({ status: 'retrying', lastError: 'HTTP 500', leaseToken: null });
      expect(rows.get(retrying.id)!.nextAttemptAt!.toISOString()).toBe(next.toISOString());
      for (const kept of [canceled, moved]) {
        expect(rows.get(kept.id)).toMatchObject({ status: kept.status, leaseToken: lease.leaseToken, lastError: null });
      }
    });

    it('updateEntries outside a transaction: on a query runner of its own, released after', async () => {
      const s = uuidv7();
      const [entry] = await insertEntries(ds, [{ subscriptionId: s, status: 'pending', attemptCount: 1 }]);
      const update = {
        deliveryId: entry.id,
        status: 'succeeded' as const,
        attempt: 1,
        responseStatus: 204,
        error: null,
        nextAttemptAt: null,
        url: 'https://partner.example.com/hooks/lab',
      };
      expect(await deliveries.updateEntries(ds.manager, [update], new Date())).toBe(1);
      expect(await ds.getRepository(WebhookDeliveryEntity).findOneBy({ id: entry.id })).toMatchObject({
        status: 'succeeded',
      });
    });
  });

  describe('DeliveriesSql.purgeBatch', () => {
    it('purgeBatch: deletes entries below the floor with their attempts, batch by batch, and keeps the rest', async () => {
      const s = uuidv7();
      // Days before anything the other cases write, so the floor cuts only this case's rows.
      const day = 24 * 60 * 60 * 1000;
      const then = Date.now() - 10 * day;
      const old = await insertEntries(
        ds,
        Array.from({ length: 5 }, (_, i) => ({ subscriptionId: s, at: then + i })),
      );
      const kept = await insertEntries(ds, [{ subscriptionId: s, at: then + day }]);
      for (const e of [...old, ...kept]) await insertAttempts(ds, e.id, [{}, {}]);
      const floor = idFloorAt(then + day / 2);
      const batches: { purged: number; more: boolean }[] = [];
      for (let more = true; more && batches.length < 10;) {
        const batch = await deliveries.purgeBatch(ds.manager, floor, 2);
        batches.push(batch);
        more = batch.more;
      }
      expect(batches.map((b) => b.purged).reduce((a, b) => a + b)).toBe(5);
      expect(batches.slice(0, 2).map((b) => b.purged)).toEqual([2, 2]);
      expect((await ds.getRepository(WebhookDeliveryEntity).findBy({ subscriptionId: s })).map((e) => e.id)).toEqual([
        kept[0].id,
      ]);
      const attempts = await ds.getRepository(WebhookAttemptEntity).find({ select: { deliveryId: true } });
      expect(attempts.filter((a) => old.some((e) => e.id === a.deliveryId))).toEqual([]);
      expect(attempts.filter((a) => a.deliveryId === kept[0].id)).toHaveLength(2);
      expect(await deliveries.purgeBatch(ds.manager, floor, 2)).toEqual({ purged: 0, more: false });
    });
  });
});
