#!/usr/bin/env node
// The package's command line (`npx lab-webhooks <command>`), for the host's operators.
import { mysqlDataSourceOptions, processOutput, resealSecretsCommand, runAndExit } from './reseal-secrets.command';

const USAGE = `usage: lab-webhooks reseal-secrets

  reseal-secrets   re-seal stored passwords and signing secrets under the current key
                   after a key rotation (see docs/security.md). Environment:
                   DATABASE_URL                        mysql://user:pass@host:port/db
                   WEBHOOKS_ENCRYPTION_KEY             the new key (base64 of 32 bytes)
                   WEBHOOKS_PREVIOUS_ENCRYPTION_KEYS   the old keys, comma-separated
`;

const [command] = process.argv.slice(2);
if (command === 'reseal-secrets') {
  runAndExit(async () => resealSecretsCommand(process.env, mysqlDataSourceOptions(process.env), processOutput));
} else {
  process.stderr.write(
    command && command !== '--help' ? `lab-webhooks: unknown command "${command}"\n${USAGE}` : USAGE,
  );
  process.exit(command === '--help' ? 0 : 2);
}
