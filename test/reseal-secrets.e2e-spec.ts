import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { newId } from '../src/common/ids';
import { resealSecrets } from '../src/crypto/reseal';
import { SecretBox } from '../src/crypto/secret-box';
import { resolveWebhooksOptions } from '../src/webhooks-options';
import { bearer, TOKENS } from './support/env';
import { createSubscription, startTestApp, TestApp, testEncryptionKey } from './support/test-app';
import { encryptKey, TestCa } from './support/test-certificates';

/** The receiver-auth secrets of one row: client key, its passphrase, OAuth2 client secret. */
interface AuthSecrets {
  key: string;
  passphrase: string;
  clientSecret: string;
}

describe('re-sealing secrets under a new key (real MariaDB)', () => {
  const oldKey = testEncryptionKey();
  let t: TestApp;
  /** Plaintexts by row id, as the API gave them out. */
  const known = new Map<string, { password?: string; secret: string; previous?: string; header?: string }>();
  const authSecrets = new Map<string, AuthSecrets>();
  const client = TestCa.create('Reseal CA').issue({ commonName: 'lab', client: true });

  beforeAll(async () => {
    t = await startTestApp({ webhooks: { encryptionKey: oldKey } });
    for (let i = 0; i < 5; i++) {
      const password = i % 2 ? undefined : `pw-${i}-correct-horse`;
      const header = i % 3 ? `header-${i}-api-key` : undefined;
      const auth: AuthSecrets | undefined =
        i === 3
          ? { key: encryptKey(client.key, 'pass-3'), passphrase: 'pass-3', clientSecret: 'client-secret-3' }
          : undefined;
      const created = await createSubscription(t, {
        url: `https://partner${i}.example.com/h`,
        events: ['report_signed'],
        ...(password && { username: 'lab', password }),
        ...(header && { headers: { 'X-Api-Key': header, 'X-Empty': '' } }),
        ...(auth && {
          tls: { clientCertificate: client.cert, clientKey: auth.key, clientKeyPassphrase: auth.passphrase },
          oauth2: { tokenUrl: 'https://auth.example.com/token', clientId: 'lab', clientSecret: auth.clientSecret },
        }),
      });
      if (auth) authSecrets.set(created.id, auth);
      const entry: { password?: string; secret: string; previous?: string; header?: string } = {
        password,
        header,
        secret: created.signingSecret,
      };
      if (i < 2) {
        const rotated = await t.http
          .post(`/webhooks/subscriptions/${created.id}/rotate-secret`)
          .set(bearer(TOKENS.admin));
        entry.previous = entry.secret;
        entry.secret = rotated.body.signingSecret;
      }
      known.set(created.id, entry);
    }
  });
  afterAll(() => t.close());

  const rows = (): Promise<any[]> =>
    t.dataSource.query(
      `SELECT id, password_sealed, signing_secret_sealed, previous_secret_sealed, headers_sealed,
              tls_client_key_sealed, tls_client_key_passphrase_sealed, oauth2_client_secret_sealed
         FROM webhook_subscriptions ORDER BY id`,
    );
  const headerValues = (r: any): Record<string, string> => JSON.parse(r.headers_sealed ?? '{}');
  const sealedValues = (r: any): string[] =>
    [
      r.password_sealed,
      r.signing_secret_sealed,
      r.previous_secret_sealed,
      r.tls_client_key_sealed,
      r.tls_client_key_passphrase_sealed,
      r.oauth2_client_secret_sealed,
      ...Object.values(headerValues(r)),
    ].filter(Boolean);
  const boxOf = (encryptionKey: string, previousEncryptionKeys: string[] = []) =>
    new SecretBox(resolveWebhooksOptions({ encryptionKey, previousEncryptionKeys }));

  it('re-seals every value under the current key, in batches, and the values still open', async () => {
    const newKey = testEncryptionKey();
    const box = boxOf(newKey, [oldKey]);
    const oldId = boxOf(oldKey).currentKeyId;
    expect((await rows()).flatMap(sealedValues).every((v) => SecretBox.keyIdOf(v) === oldId)).toBe(true);

    const report = await resealSecrets(t.dataSource, box, { batchSize: 2 });
    expect(report).toEqual({ scanned: 5, resealed: 5, skipped: 0, unreadable: [] });

    const onlyNew = boxOf(newKey); // the old key is no longer needed
    for (const r of await rows()) {
      for (const v of sealedValues(r)) expect(SecretBox.keyIdOf(v)).toBe(onlyNew.currentKeyId);
      const k = known.get(r.id)!;
      expect(onlyNew.open(r.signing_secret_sealed)).toBe(k.secret);
      expect(r.password_sealed && onlyNew.open(r.password_sealed)).toBe(k.password ?? null);
      expect(r.previous_secret_sealed && onlyNew.open(r.previous_secret_sealed)).toBe(k.previous ?? null);
      const auth = authSecrets.get(r.id);
      const openAuth = (v: string | null) => v && onlyNew.open(v);
      expect(
        [r.tls_client_key_sealed, r.tls_client_key_passphrase_sealed, r.oauth2_client_secret_sealed].map(openAuth),
      ).toEqual(auth ? [auth.key, auth.passphrase, auth.clientSecret] : [null, null, null]);
      const headers = headerValues(r);
      expect(Object.keys(headers)).toEqual(k.header ? ['X-Api-Key', 'X-Empty'] : []);
      if (k.header)
        expect([onlyNew.open(headers['X-Api-Key']), onlyNew.open(headers['X-Empty'])]).toEqual([k.header, '']);
    }

    // Idempotent: a second run reads everything and writes nothing.
    const before = await rows();
    expect(await resealSecrets(t.dataSource, box, { batchSize: 2 })).toEqual({
      scanned: 5,
      resealed: 0,
      skipped: 0,
      unreadable: [],
    });
    expect(await rows()).toEqual(before);

    // The package's command does the same from the environment (back to the old key this time).
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('ts-node/dist/bin'),
        '--transpile-only',
        join(__dirname, '../src/cli/lab-webhooks.ts'),
        'reseal-secrets',
      ],
      {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          DATABASE_URL: t.databaseUrl,
          WEBHOOKS_ENCRYPTION_KEY: oldKey,
          WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS: ` ${newKey} `,
        },
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'reseal-secrets: subscriptions: 5 rows read, 5 re-sealed, 0 changed meanwhile (run again), 0 unreadable\n' +
        'reseal-secrets: event log: 0 rows read, 0 re-sealed, 0 changed meanwhile (run again), 0 unreadable\n',
    );
    expect(run.status).toBe(0);
    const oldBox = boxOf(oldKey);
    for (const r of await rows()) {
      expect(SecretBox.keyIdOf(r.signing_secret_sealed)).toBe(oldBox.currentKeyId);
      expect(oldBox.open(r.signing_secret_sealed)).toBe(known.get(r.id)!.secret);
    }
  });

  // Runs after the test above, which left every row sealed under oldKey.
  it('reports a value no configured key opens, by row and column only, and leaves it as it was', async () => {
    const strangerBox = boxOf(testEncryptionKey());
    const id = newId();
    const sealed = strangerBox.seal('whsec_stranger');
    const badHeader = strangerBox.seal('stranger-header');
    // A row as the version before sealed header values wrote it, with one value no key opens.
    await t.dataSource.query(
      `INSERT INTO webhook_subscriptions (id, url, events, signing_secret_sealed, headers, headers_sealed, active, created_at, updated_at)
       VALUES (?, 'https://x.example.com', '["report_signed"]', ?, '{"X-Plain":"plain-value"}', ?, 1, NOW(3), NOW(3))`,
      [id, sealed, JSON.stringify({ 'X-Bad': badHeader })],
    );
    const box = boxOf(testEncryptionKey(), [oldKey]);
    const report = await resealSecrets(t.dataSource, box);
    expect(report.unreadable).toEqual([`${id}.signingSecretSealed`, `${id}.headers.X-Bad`]);
    expect(report.resealed).toBe(6); // the five, and this row's plain header value sealed
    const [row] = await t.dataSource.query(
      'SELECT signing_secret_sealed, headers, headers_sealed FROM webhook_subscriptions WHERE id = ?',
      [id],
    );
    expect(row.signing_secret_sealed).toBe(sealed);
    expect(row.headers).toBe('{}');
    const headers = JSON.parse(row.headers_sealed);
    expect(headers['X-Bad']).toBe(badHeader);
    expect(box.open(headers['X-Plain'])).toBe('plain-value');
  });
});
