// `npm run reseal-secrets` for the example app: the package's `lab-webhooks reseal-secrets`
// command, on the example's database (DATABASE_URL, or its SQLite file when unset).
import { DataSourceOptions } from 'typeorm';
import { typeOrmOptions } from '../example/config';
import { processOutput, resealSecretsCommand, runAndExit } from '../src/cli/reseal-secrets.command';

const dataSourceOptions = typeOrmOptions({ databaseUrl: process.env.DATABASE_URL || undefined }) as DataSourceOptions;
runAndExit(() => resealSecretsCommand(process.env, dataSourceOptions, processOutput));
