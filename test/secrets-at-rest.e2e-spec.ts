import { bearer, TOKENS } from './support/env';
import { dumpDatabase } from './support/stores-dump';
import { createSubscription, startTestApp, TestApp } from './support/test-app';

describe('secrets at rest (real MariaDB, mysqldump)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('a full dump holds neither the basic-auth password nor any signing secret', async () => {
    const password = 'Tr0ub4dor&3-lab-password';
    const created = await createSubscription(t, {
      url: 'https://partner.example.com/h',
      events: ['report_signed'],
      username: 'lab',
      password,
    });
    const rotated = await t.http.post(`/webhooks/subscriptions/${created.id}/rotate-secret`).set(bearer(TOKENS.admin));
    expect(rotated.status).toBe(200);
    const secrets = [created.signingSecret, rotated.body.signingSecret] as string[];

    const dump = dumpDatabase(t.databaseUrl);
    // The dump is real: it has the row, and its three sealed values.
    expect(dump).toContain(created.id);
    expect(dump.match(/'v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+'/g)).toHaveLength(3);

    for (const secret of [password, ...secrets, ...secrets.map((s) => s.slice('whsec_'.length))]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
      expect(dump).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });
});
