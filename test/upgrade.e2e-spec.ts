import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOKS_MIGRATIONS } from '../src';
import { mysqlDataSourceOptions, resealSecretsCommand } from '../src/cli/reseal-secrets.command';
import { CreateWebhooksTables1764300000000 } from '../src/persistence/migrations/1764300000000-create-webhooks-tables';
import { DropUnusedDeliveryIndexes1764590000000 } from '../src/persistence/migrations/1764590000000-drop-unused-delivery-indexes';
import { SubjectsAndSealedPayloads1764600000000 } from '../src/persistence/migrations/1764600000000-subjects-and-sealed-payloads';
import { CreateAuditTable1764600000001 } from '../src/persistence/migrations/1764600000001-create-audit-table';
import { EndpointHealth1764700000000 } from '../src/persistence/migrations/1764700000000-endpoint-health';
import { WebhookTasks1764700000001 } from '../src/persistence/migrations/1764700000001-webhook-tasks';
import { SubjectOrdering1764900000000 } from '../src/persistence/migrations/1764900000000-subject-ordering';
import { createTestDatabase, mariadbOptions } from './support/database';
import { bearer, TOKENS } from './support/env';
import { Receiver } from './support/receiver';
import { startTestApp, statusOf, TestApp, testEncryptionKey } from './support/test-app';
import { waitUntil } from './support/wait';

/**
 * The schema the previous release left: every migration before `1765000000000` (sealed header
 * values, the first change under "Unreleased" in CHANGELOG.md). Listed here by file rather than
 * taken from WEBHOOKS_MIGRATIONS, so that the old schema stays what it was whatever the list
 * becomes.
 */
const PREVIOUS_RELEASE_MIGRATIONS = [
  CreateWebhooksTables1764300000000,
  DropUnusedDeliveryIndexes1764590000000,
  SubjectsAndSealedPayloads1764600000000,
  CreateAuditTable1764600000001,
  EndpointHealth1764700000000,
  WebhookTasks1764700000001,
  SubjectOrdering1764900000000,
];

/**
 * A secret sealed as the previous release stored it, written out here on its own rather than
 * with today's SecretBox: `v1.<key id>.<iv>.<tag>.<ciphertext>`, AES-256-GCM, the key id (first
 * 8 hex digits of the key's SHA-256) as additional data, base64url parts.
 */
function sealAsBefore(keyBase64: string, plaintext: string): string {
  const key = Buffer.from(keyBase64, 'base64');
  const id = createHash('sha256').update(key).digest('hex').slice(0, 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(id));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', id, ...[iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url'))].join('.');
}

/**
 * An upgrade in place: a MariaDB database as the previous release left it, with a subscription
 * and entries written the way that release wrote them, then the current module started on it
 * with its migrations (as a host deploys a new version).
 */
describe('upgrading from the previous release (real MariaDB, Redis and receiver)', () => {
  const key = testEncryptionKey();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const subscriptionId = uuidv7();
  const pendingId = uuidv7();
  const failedId = uuidv7();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let receiver: Receiver;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await Receiver.start();
    db = await createTestDatabase();
    const old = await new DataSource(mariadbOptions(db.url, PREVIOUS_RELEASE_MIGRATIONS)).initialize();
    await old.destroy();
    // Rows as that release wrote them: header values plain in `headers`, the payload plain
    // JSON (`encryptPayloads: false`), secrets sealed; straight SQL, not today's entities.
    const c = await createConnection({ uri: db.url, timezone: 'Z' });
    const now = new Date();
    const before = new Date(now.getTime() - 60_000);
    await c.query(
      `INSERT INTO webhook_subscriptions (id, url, events, username, password_sealed, signing_secret_sealed,
         headers, active, created_at, updated_at)
       VALUES (?, ?, ?, 'lab', ?, ?, ?, 1, ?, ?)`,
      [
        subscriptionId,
        receiver.url('/upgraded'),
        JSON.stringify(['report_signed']),
        sealAsBefore(key, 'old-pw'),
        sealAsBefore(key, secret),
        JSON.stringify({ 'X-Partner-Key': 'plain-before' }),
        before,
        before,
      ],
    );
    const entry = (id: string, status: string, attempts: number, reportId: string) => [
      id,
      uuidv7(),
      subscriptionId,
      receiver.url('/upgraded'),
      JSON.stringify({ reportId, eventType: 'report_signed' }),
      status,
      attempts,
      attempts,
      status === 'failed' ? 500 : null,
      status === 'failed' ? 'HTTP 500' : null,
      status === 'pending' ? before : null,
      before,
      before,
    ];
    await c.query(
      `INSERT INTO webhook_deliveries (id, event_id, event_type, subscription_id, url, payload, status, attempt_count,
         run_attempts, last_response_status, last_error, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, 'report_signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, 'report_signed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...entry(pendingId, 'pending', 0, 'R-pending'), ...entry(failedId, 'failed', 3, 'R-failed')],
    );
    for (const n of [1, 2, 3]) {
      await c.query(
        `INSERT INTO webhook_attempts (id, delivery_id, attempt, \`trigger\`, started_at, duration_ms, request_headers,
           response_status, response_headers, response_body, error, next_delay_ms, delay_reason)
         VALUES (?, ?, ?, ?, ?, 12, ?, 500, ?, 'upstream broke', 'HTTP 500', ?, ?)`,
        [
          uuidv7(),
          failedId,
          n,
          n === 1 ? 'initial' : 'retry',
          before,
          JSON.stringify({ 'content-type': 'application/json', authorization: 'Basic [redacted]' }),
          JSON.stringify({ 'content-type': 'text/plain' }),
          n < 3 ? 1000 * n : null,
          n < 3 ? 'schedule' : null,
        ],
      );
    }
    await c.end();
    // The new version deploys: its migrations run at start, its sweep finds the due entry.
    t = await startTestApp({
      databaseUrl: db.url,
      webhooks: { encryptionKey: key, recoveryIntervalMs: 300, recoveryGraceMs: 100, retryDelaysSeconds: [0.2] },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await receiver?.close();
  });

  const verify = (i: number) =>
    new Webhook(secret).verify(receiver.requests[i].body, receiver.requests[i].headers as Record<string, string>);

  it('applies every current migration on top; reseal-secrets, run once, seals the header values left plain', async () => {
    const applied: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(WEBHOOKS_MIGRATIONS.map((m) => m.name));
    const env = { DATABASE_URL: db.url, WEBHOOKS_ENCRYPTION_KEY: key };
    const output = { out: () => undefined, err: () => undefined };
    expect(await resealSecretsCommand(env, mysqlDataSourceOptions(env), output)).toBe(0);
    const [row] = await t.dataSource.query('SELECT headers, headers_sealed FROM webhook_subscriptions WHERE id = ?', [
      subscriptionId,
    ]);
    expect(row.headers).toBe('{}');
    expect(row.headers_sealed).not.toContain('plain-before');
  });

  it('delivers the entry left pending, signed with the old secret and with the old credentials', async () => {
    await waitUntil(
      async () => (await statusOf(t, pendingId)) === 'succeeded',
      'the old pending entry to be delivered',
    );
    const i = receiver.requests.findIndex((r) => JSON.parse(r.body).reportId === 'R-pending');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(verify(i)).toEqual({ reportId: 'R-pending', eventType: 'report_signed' });
    const req = receiver.requests[i];
    expect(req.headers['x-partner-key']).toBe('plain-before');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('lab:old-pw').toString('base64')}`);
    expect(req.headers['webhook-id']).toBe(`msg_${pendingId.replace(/-/g, '')}`);
  });

  it('resends the entry that had failed, and lists both old entries with their attempts', async () => {
    const resent = await t.http
      .post('/webhooks/events/resend')
      .set(bearer(TOKENS.admin))
      .send({ ids: [failedId] });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ queued: [failedId], notFound: [] });
    await waitUntil(async () => (await statusOf(t, failedId)) === 'succeeded', 'the resent entry to be delivered');
    const i = receiver.requests.findIndex((r) => JSON.parse(r.body).reportId === 'R-failed');
    expect(verify(i)).toEqual({ reportId: 'R-failed', eventType: 'report_signed' });

    const list = await t.http.get(`/webhooks/events?subscriptionId=${subscriptionId}`).set(bearer(TOKENS.admin));
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id).sort()).toEqual([pendingId, failedId].sort());
    const detail = await t.http.get(`/webhooks/events/${failedId}`).set(bearer(TOKENS.admin));
    expect(detail.status).toBe(200);
    expect(detail.body.payload).toEqual({ reportId: 'R-failed', eventType: 'report_signed' });
    expect(
      detail.body.attempts.map((a: { trigger: string; responseStatus: number }) => [a.trigger, a.responseStatus]),
    ).toEqual([
      ['initial', 500],
      ['retry', 500],
      ['retry', 500],
      ['resend', 204],
    ]);
  });
});
