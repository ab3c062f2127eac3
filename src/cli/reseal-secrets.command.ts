import { DataSource, DataSourceOptions } from 'typeorm';
import { resealSecrets } from '../crypto/reseal';
import { SecretBox } from '../crypto/secret-box';
import { resealLabData } from '../lab-data/reseal-lab-data';
import { SubjectHasher } from '../lab-data/subject-hasher';
import { WEBHOOKS_ENTITIES } from '../persistence';
import { resolveWebhooksOptions } from '../webhooks-options';
import { MESSAGES } from '../webhooks.messages';

/** Where the command writes; the process's streams, or a test's. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const PREFIX = 'reseal-secrets:';

/** The host's MySQL/MariaDB from `DATABASE_URL`, as the module's entities see it. */
export function mysqlDataSourceOptions(env: NodeJS.ProcessEnv): DataSourceOptions {
  const url = env.DATABASE_URL ?? '';
  if (!/^(mysql|mariadb):\/\//.test(url)) {
    throw new Error(MESSAGES.resealNeedsDatabaseUrl);
  }
  return { type: 'mysql', url, entities: WEBHOOKS_ENTITIES, timezone: 'Z' };
}

/**
 * Re-seals stored passwords, signing secrets, client keys and OAuth2 client secrets, and the
 * event log's payloads, response bodies and subjects (hashes recomputed), under the current key after a key rotation. Plain-text
 * payloads are sealed too unless `WEBHOOKS_ENCRYPT_PAYLOADS=false`. Keys from
 * `WEBHOOKS_ENCRYPTION_KEY` (the new one) and `WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS` (the old
 * ones, comma-separated). Returns the exit code: 1 when a value could not be opened with any
 * configured key (named by row and column, never by value).
 */
export async function resealSecretsCommand(
  env: NodeJS.ProcessEnv,
  dataSourceOptions: DataSourceOptions,
  output: CommandOutput,
): Promise<number> {
  const options = resolveWebhooksOptions({
    encryptionKey: env.WEBHOOKS_ENCRYPTION_KEY as string,
    previousEncryptionKeys: (env.WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  });
  const dataSource = new DataSource({
    ...dataSourceOptions,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as DataSourceOptions);
  await dataSource.initialize();
  try {
    const box = new SecretBox(options);
    const secrets = await resealSecrets(dataSource, box);
    const logData = await resealLabData(dataSource, box, new SubjectHasher(options), {
      sealPlaintext: env.WEBHOOKS_ENCRYPT_PAYLOADS !== 'false',
    });
    for (const [what, report] of [
      ['subscriptions', secrets],
      ['event log', logData],
    ] as const) {
      output.out(
        `${PREFIX} ${what}: ${report.scanned} rows read, ${report.resealed} re-sealed, ${report.skipped} changed meanwhile (run again), ${report.unreadable.length} unreadable`,
      );
      for (const where of report.unreadable) output.err(`${PREFIX} no configured key opens ${where}`);
    }
    return secrets.unreadable.length + logData.unreadable.length ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

/** The process's stdout and stderr, a line at a time. */
export const processOutput: CommandOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the command and ends the process with its exit code; an error is one line on stderr. */
export function runAndExit(run: () => Promise<number>): void {
  run().then(
    (code) => process.exit(code),
    (err) => {
      processOutput.err(`${PREFIX} ${err?.message ?? err}`);
      process.exit(1);
    },
  );
}
