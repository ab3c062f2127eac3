import { ChildProcess } from 'node:child_process';
import { createConnection } from 'mysql2/promise';
import { v7 as uuidv7 } from 'uuid';
import { WebhookTaskLockEntity } from '../src/persistence/webhook-task-lock.entity';
import { WebhookTaskEntity } from '../src/persistence/webhook-task.entity';
import { bearer, TOKENS } from './support/env';
import { entryRun, insertEntries } from './support/event-log-rows';
import { Receiver } from './support/receiver';
import { startTestApp, subscribe, TestApp } from './support/test-app';
import { waitUntil } from './support/wait';
import { startWorker, stopWorker, workerEnv } from './support/worker';

const HOUR = 3600_000;
const NO_ID = '00000000-0000-0000-0000-000000000000';

describe('POST /webhooks/events/recover and GET /webhooks/tasks/:id (real MariaDB, Redis, receiver, worker processes)', () => {
  let receiver: Receiver;
  beforeAll(async () => (receiver = await Receiver.start()));
  afterAll(() => receiver.close());
  beforeEach(() => (receiver.requests.length = 0));

  const recover = (t: TestApp, body: Record<string, unknown>, token: string = TOKENS.admin) =>
    t.http.post('/webhooks/events/recover').set(bearer(token)).send(body);
  const task = async (t: TestApp, id: string, token: string = TOKENS.admin) =>
    (await t.http.get(`/webhooks/tasks/${id}`).set(bearer(token))).body;
  const completed = (t: TestApp, id: string, timeoutMs = 30_000) =>
    waitUntil(
      async () => {
        const body = await task(t, id);
        return body.status !== 'running' && body;
      },
      `task ${id} to end`,
      timeoutMs,
    );

  describe('one instance', () => {
    let t: TestApp;
    let a: string;
    let b: string;
    let aFailed: string[];
    const since = new Date(Date.now() - 5 * HOUR).toISOString();

    beforeAll(async () => {
      t = await startTestApp({
        webhooks: { retryDelaysSeconds: [0.2], recoveryIntervalMs: 500, recoveryGraceMs: 500 },
      });
      a = await subscribe(t, receiver.url('/a'), { userIds: ['alice'] });
      b = await subscribe(t, receiver.url('/b'));
      const now = Date.now();
      // 250 failed entries across two endpoints, plus some before `since` and some that succeeded.
      const entries = await insertEntries(t.dataSource, [
        ...entryRun(a, 'failed', 150, now - 4 * HOUR),
        ...entryRun(b, 'failed', 100, now - 4 * HOUR),
        ...entryRun(a, 'failed', 20, now - 10 * HOUR),
        ...entryRun(a, 'succeeded', 30, now - 3 * HOUR),
        ...entryRun(a, 'failed', 5, now - 2 * HOUR),
      ]);
      aFailed = entries.slice(0, 150).map((e) => e.id);
      // Failed in range, but expunged: nothing left to send, so no recover counts or sends them.
      const expunged = entries.slice(-5).map((e) => e.id);
      await t.dataSource.query('UPDATE webhook_deliveries SET payload_expunged = 1 WHERE id IN (?)', [expunged]);
    });
    afterAll(() => t.close());

    it('dryRun counts without queueing', async () => {
      const res = await recover(t, { since, subscriptionId: a, dryRun: true });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ taskId: null, matched: 150 });
      expect(await recover(t, { since, dryRun: true }).then((r) => r.body.matched)).toBe(250);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(0);
    });

    it('a Webhook User cannot recover an endpoint not assigned to them: the task matches nothing', async () => {
      const res = await recover(t, { since, subscriptionId: b }, TOKENS.user);
      expect(res.status).toBe(202);
      expect(res.body.matched).toBe(0);
      expect(await task(t, res.body.taskId, TOKENS.user)).toMatchObject({
        status: 'completed',
        total: 0,
        queued: 0,
        createdBy: 'alice',
      });
      // Someone else's task is not theirs to read.
      expect((await t.http.get(`/webhooks/tasks/${res.body.taskId}`).set(bearer(TOKENS.otherUser))).status).toBe(404);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(0);
    });

    it("a Webhook User's recover without subscriptionId reaches their assigned endpoints only", async () => {
      // alice is assigned to a (150 failed since T), not to b (100).
      const res = await recover(t, { since, dryRun: true }, TOKENS.user);
      expect(res.body).toEqual({ taskId: null, matched: 150 });
      expect((await recover(t, { since, dryRun: true }, TOKENS.otherUser)).body.matched).toBe(0);
    });

    it('a task whose workers kept stopping ends failed with the reason, and frees its endpoint', async () => {
      const d = await subscribe(t, receiver.url('/d'));
      const id = uuidv7();
      // As a task is left after its fourth worker died mid-run: running, its lease run out.
      await t.dataSource.getRepository(WebhookTaskEntity).insert({
        id,
        kind: 'recover',
        status: 'running',
        filter: { lo: NO_ID, hi: NO_ID, subscriptionIds: [d], status: 'failed', eventType: null },
        total: 5,
        queued: 2,
        cursor: null,
        createdBy: 'admin',
        createdAt: new Date(),
        finishedAt: null,
        leaseUntil: new Date(Date.now() - 1000),
        leaseToken: 'a-worker-that-died',
        interruptions: 3,
        error: null,
      });
      await t.dataSource.getRepository(WebhookTaskLockEntity).insert({ subscriptionId: d, taskId: id });
      const done = await completed(t, id);
      expect(done).toMatchObject({ status: 'failed', queued: 2, total: 5 });
      expect(done.error).toBe('stopped 4 times while running (worker restarts); 2 of 5 queued');
      expect(await t.dataSource.getRepository(WebhookTaskLockEntity).countBy({ taskId: id })).toBe(0);
    });

    it('refuses since past retention, a missing since, and until before since, naming the field', async () => {
      for (const [body, field] of [
        [{}, 'since'],
        [{ since: new Date(Date.now() - 31 * 24 * HOUR).toISOString() }, 'since'],
        [{ since, until: new Date(Date.now() - 6 * HOUR).toISOString() }, 'until'],
        [{ since, status: 'pending' }, 'status'],
      ] as const) {
        const res = await recover(t, body);
        expect(res.status).toBe(400);
        expect(res.body.details[0].field).toBe(field);
      }
    });

    it("sends again exactly the endpoint's failed entries since T, under the same webhook-id, and the task completes", async () => {
      const res = await recover(t, { since, subscriptionId: a }, TOKENS.user);
      expect(res.status).toBe(202);
      expect(res.body.matched).toBe(150);
      const done = await completed(t, res.body.taskId);
      expect(done).toMatchObject({
        kind: 'recover',
        status: 'completed',
        total: 150,
        queued: 150,
        createdBy: 'alice',
        error: null,
      });
      expect(done.finishedAt).not.toBeNull();
      // A completed task gives its endpoints back.
      expect(await t.dataSource.getRepository(WebhookTaskLockEntity).countBy({ taskId: res.body.taskId })).toBe(0);
      await receiver.waitFor(150);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.requests).toHaveLength(150);
      expect(receiver.requests.every((r) => r.url === '/a')).toBe(true);
      const sentIds = receiver.requests.map((r) => r.headers['webhook-id']).sort();
      expect(sentIds).toEqual(aFailed.map((id) => `msg_${id.replace(/-/g, '')}`).sort());
      await waitUntil(async () => {
        const [row] = await t.dataSource.query(
          'SELECT COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = ? AND status = ?',
          [a, 'succeeded'],
        );
        return Number(row.n) === 180;
      }, 'the recovered entries to succeed');
    });
  });

  describe('an API instance and worker processes', () => {
    let publisher: TestApp;
    let env: Record<string, string>;
    const workers: ChildProcess[] = [];

    beforeAll(async () => {
      publisher = await startTestApp({ webhooks: { processDeliveries: false } });
      env = workerEnv(publisher, { recoveryIntervalMs: 500, recoveryGraceMs: 500 });
    });
    afterAll(async () => {
      for (const w of workers) await stopWorker(w, 'SIGKILL');
      await publisher.close();
    });

    it('one running task per subscription (409 naming it); a worker killed mid-task and the task still completes', async () => {
      const c = await subscribe(publisher, receiver.url('/c'), { userIds: ['alice'] });
      const now = Date.now();
      const entries = await insertEntries(publisher.dataSource, entryRun(c, 'failed', 250, now - HOUR));
      const since = new Date(now - 2 * HOUR).toISOString();
      const recoveredRows = async () =>
        Number(
          (
            await publisher.dataSource.query(
              "SELECT COUNT(*) AS n FROM webhook_audit WHERE action = 'events.recovered'",
            )
          )[0].n,
        );
      const first = await recover(publisher, { since, subscriptionId: c });
      expect(first.body).toEqual({ taskId: expect.any(String), matched: 250 });
      expect(await recoveredRows()).toBe(1);
      // No worker yet: the task waits, running, and holds the subscription.
      const second = await recover(publisher, { since, subscriptionId: c });
      expect(second.status).toBe(409);
      expect(second.body.message).toContain(first.body.taskId);
      expect(second.body.message).toContain(c);
      // alice may not read the admin's task: her 409 does not name it.
      const alices = await recover(publisher, { since, subscriptionId: c }, TOKENS.user);
      expect(alices.status).toBe(409);
      expect(alices.body.message).toBe(
        `Another task is already recovering entries of subscription ${c}; try again once it has finished`,
      );
      // The refused tasks' audit rows went with their transactions.
      expect(await recoveredRows()).toBe(1);

      // Hold the second batch at entry 149 (a named lock its UPDATE must take, through a
      // trigger), so the worker stops in the middle of the task with exactly one batch committed.
      // A row lock would not do: the UPDATE of the first batch may scan, and wait on, entry 149 too.
      const lockName = `recover-test-${publisher.dataSource.options.database}`;
      const trigger = `hold_entry_149_${Date.now()}`;
      const blocker = await createConnection({ uri: publisher.databaseUrl });
      try {
        await blocker.query('SELECT GET_LOCK(?, 10)', [lockName]);
        await blocker.query(
          `CREATE TRIGGER ${trigger} BEFORE UPDATE ON webhook_deliveries FOR EACH ROW
           IF NEW.id = ? THEN SET @held = GET_LOCK(?, 120); END IF`,
          [entries[149].id, lockName],
        );
        workers.push(await startWorker(env));
        // Batches of 100: the first (entries 0-99) commits, the second waits at entry 149.
        await waitUntil(
          async () => (await task(publisher, first.body.taskId)).queued === 100,
          'the first batch of 100 committed',
          60_000,
        );
        // The kill comes once the first batch is being sent: its attempts in flight (their
        // results wait behind the held batch) come back through Bull's stalled-job check (a 30 s
        // lock, checked every 30 s) in the next worker.
        await waitUntil(() => receiver.requests.length > 0, 'the first batch being sent', 60_000);
        await stopWorker(workers[0], 'SIGKILL');
      } finally {
        await blocker.query('SELECT RELEASE_LOCK(?)', [lockName]);
        await blocker.query(`DROP TRIGGER IF EXISTS ${trigger}`);
        await blocker.end();
      }
      const stopped = await task(publisher, first.body.taskId);
      expect(stopped.status).toBe('running');
      expect(stopped.queued).toBe(100);

      workers.push(await startWorker(env));
      const done = await completed(publisher, first.body.taskId, 120_000);
      expect(done).toMatchObject({ status: 'completed', total: 250, queued: 250, error: null });
      await waitUntil(
        () => new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size === 250,
        'all 250 entries sent again',
        // The killed worker's attempts wait out their lock and the next stalled-job check.
        120_000,
      );
      const sent = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      expect([...sent].sort()).toEqual(entries.map((e) => `msg_${e.id.replace(/-/g, '')}`).sort());
      // The lock went with the task.
      expect(
        await publisher.dataSource.getRepository(WebhookTaskLockEntity).countBy({ taskId: first.body.taskId }),
      ).toBe(0);
    }, 300_000);
  });
});
