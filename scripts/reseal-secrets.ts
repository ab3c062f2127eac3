// Re-seals stored passwords and signing secrets, and the event log's payloads, response bodies
// and subjects (hashes recomputed), under the current key after a key rotation
// (npm run reseal-secrets). Plain-text payloads are sealed too unless WEBHOOKS_ENCRYPT_PAYLOADS=false. Environment: DATABASE_URL (unset: the example app's SQLite file),
// WEBHOOKS_ENCRYPTION_KEY (the new key) and WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS (the old ones,
// comma-separated). Exits 1 when a value could not be opened with any of them.
import { DataSource, DataSourceOptions } from 'typeorm';
import { typeOrmOptions } from '../example/config';
import { resealSecrets } from '../src/crypto/reseal';
import { SecretBox } from '../src/crypto/secret-box';
import { resealLabData } from '../src/lab-data/reseal-lab-data';
import { SubjectHasher } from '../src/lab-data/subject-hasher';
import { resolveWebhooksOptions } from '../src/webhooks-options';

async function main(): Promise<number> {
  const options = resolveWebhooksOptions({
    encryptionKey: process.env.WEBHOOKS_ENCRYPTION_KEY as string,
    previousEncryptionKeys: (process.env.WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  });
  const dataSource = new DataSource({
    ...(typeOrmOptions({ databaseUrl: process.env.DATABASE_URL || undefined }) as DataSourceOptions),
    migrationsRun: false,
    synchronize: false,
    logging: false,
  });
  await dataSource.initialize();
  try {
    const box = new SecretBox(options);
    const secrets = await resealSecrets(dataSource, box);
    const logData = await resealLabData(dataSource, box, new SubjectHasher(options), {
      sealPlaintext: process.env.WEBHOOKS_ENCRYPT_PAYLOADS !== 'false',
    });
    for (const [what, report] of [
      ['subscriptions', secrets],
      ['event log', logData],
    ] as const) {
      process.stdout.write(
        `reseal-secrets: ${what}: ${report.scanned} rows read, ${report.resealed} re-sealed, ${report.skipped} changed meanwhile (run again), ${report.unreadable.length} unreadable\n`,
      );
      for (const where of report.unreadable) process.stderr.write(`reseal-secrets: no configured key opens ${where}\n`);
    }
    return secrets.unreadable.length + logData.unreadable.length ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`reseal-secrets: ${err?.message ?? err}\n`);
    process.exit(1);
  },
);
