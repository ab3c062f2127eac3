import { createConnection } from 'mysql2/promise';
import { SecretBox } from '../src/crypto/secret-box';
import { bearer, TOKENS } from './support/env';
import { startTestApp, TestApp, createSubscription } from './support/test-app';
import { waitUntil } from './support/wait';

const HOUR = 3600_000;

describe('POST /webhooks/subscriptions/:id/rotate-secret (real MariaDB + Redis)', () => {
  let t: TestApp;
  let box: SecretBox;
  beforeAll(async () => {
    t = await startTestApp({ webhooks: { secretRotationOverlapHours: 6 } });
    box = t.app.get(SecretBox);
  });
  afterAll(() => t.close());

  const create = () =>
    createSubscription(t, { url: 'https://partner.example.com/hook', events: ['report_signed'], userIds: ['alice'] });
  const rotate = (id: string, token: string = TOKENS.admin) =>
    t.http.post(`/webhooks/subscriptions/${id}/rotate-secret`).set(bearer(token));
  const row = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT signing_secret_sealed, previous_secret_sealed, previous_secret_expires_at FROM webhook_subscriptions WHERE id = ?',
        [id],
      )
    )[0];

  it('issues a new secret once and keeps the old one signing for the overlap', async () => {
    const { id, signingSecret: original } = await create();
    const before = Date.now();
    const res = await rotate(id);
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['previousSecretExpiresAt', 'signingSecret']);
    expect(res.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.body.signingSecret).not.toBe(original);
    const expires = new Date(res.body.previousSecretExpiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 6 * HOUR);
    expect(expires).toBeLessThanOrEqual(after + 6 * HOUR);

    const stored = await row(id);
    expect(box.open(stored.signing_secret_sealed)).toBe(res.body.signingSecret);
    expect(box.open(stored.previous_secret_sealed)).toBe(original);
    expect(new Date(stored.previous_secret_expires_at).getTime()).toBe(expires);
    expect(JSON.stringify(stored)).not.toContain(res.body.signingSecret.slice(6));

    for (const token of [TOKENS.admin, TOKENS.user]) {
      const shown = await t.http.get(`/webhooks/subscriptions/${id}`).set(bearer(token));
      expect(shown.status).toBe(200);
      expect(JSON.stringify(shown.body)).not.toContain(res.body.signingSecret.slice(6));
      expect(JSON.stringify(shown.body)).not.toContain(original.slice(6));
    }
  });

  it("of two rotations at once, one wins and the other gets 409; the stored secret is the winner's", async () => {
    const { id, signingSecret: original } = await create();
    // Another connection holds the row: both rotations read the same secret, then wait to write.
    const holder = await createConnection({ uri: t.databaseUrl });
    try {
      await holder.query('START TRANSACTION');
      await holder.query('SELECT id FROM webhook_subscriptions WHERE id = ? FOR UPDATE', [id]);
      const both = Promise.all([rotate(id), rotate(id)]);
      await waitUntil(async () => {
        // Both UPDATEs issued and blocked behind the holder (MariaDB does not always list such a
        // statement in INNODB_TRX as 'LOCK WAIT', so look at the statements themselves).
        const [rows] = await holder.query(
          'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND id <> CONNECTION_ID() ' +
            "AND info LIKE 'UPDATE `webhook_subscriptions` SET `signing_secret_sealed`%'",
        );
        return Number((rows as { n: number }[])[0].n) >= 2;
      }, 'both rotations to wait for the row');
      await holder.query('COMMIT');
      const answers = await both;
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = answers.find((r) => r.status === 409)!;
      expect(loser.body.message).toMatch(/rotated/);
      expect(loser.text).not.toContain('whsec_');
      const winner = answers.find((r) => r.status === 200)!;
      const stored = await row(id);
      expect(box.open(stored.signing_secret_sealed)).toBe(winner.body.signingSecret);
      expect(box.open(stored.previous_secret_sealed)).toBe(original);
    } finally {
      await holder.end();
    }
  });

  it('a second rotation keeps only the secret it replaces', async () => {
    const { id } = await create();
    const first = (await rotate(id)).body.signingSecret;
    const second = (await rotate(id)).body.signingSecret;
    const stored = await row(id);
    expect(box.open(stored.signing_secret_sealed)).toBe(second);
    expect(box.open(stored.previous_secret_sealed)).toBe(first);
  });

  it.each([
    ['no caller', undefined, 401],
    ['a guest', TOKENS.guest, 403],
    ['an assigned Webhook User', TOKENS.user, 403],
  ])('refuses %s and changes nothing', async (_who, token, status) => {
    const { id } = await create();
    const before = await row(id);
    let req = t.http.post(`/webhooks/subscriptions/${id}/rotate-secret`);
    if (token) req = req.set(bearer(token));
    const res = await req;
    expect(res.status).toBe(status);
    expect(res.body.signingSecret).toBeUndefined();
    expect(await row(id)).toEqual(before);
  });

  it.each(['0190f0a0-0000-7000-8000-000000000000', 'not-a-uuid'])('404 for an unknown id %s', async (id) => {
    const res = await rotate(id);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe(`Subscription ${id} not found`);
  });
});
