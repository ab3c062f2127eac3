import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { PayloadValidation, WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS, WebhooksPrincipal } from '../src';

/** Development-only key; `WEBHOOKS_ENCRYPTION_KEY` replaces it in any real deployment. */
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 'lab-webhooks-example-dev-key!!!!').toString('base64');

const DEFAULT_DEMO_USERS: Record<string, WebhooksPrincipal> = {
  'admin-token': { id: 'admin', permissions: ['Webhook Admin'] },
  'user-token': { id: 'alice', permissions: ['Webhook User'] },
  'guest-token': { id: 'guest', permissions: [] },
};

/** The example app's settings, from its environment (docs/example-app.md). */
export interface ExampleConfig {
  port: number;
  databaseUrl?: string;
  redisUrl: string;
  bullPrefix: string;
  encryptionKey: string;
  retryDelaysSeconds: number[];
  timeoutMs: number;
  allowPrivateNetworks: boolean;
  demoUsers: Record<string, WebhooksPrincipal>;
  /** `false`: an API-only instance; deliveries are made by `npm run worker` processes. */
  processDeliveries: boolean;
  /** Port of the worker's health and metrics server (`npm run worker`). */
  workerPort: number;
  /** What a payload that breaks its event's schema gets: logged (`warn`), refused (`reject`) or nothing (`off`). */
  payloadValidation: PayloadValidation;
  /** Express's `trust proxy` (`TRUST_PROXY`): whom to believe about the client's scheme and address. */
  trustProxy?: boolean | number | string;
  /** A scraper's bearer token for `/metrics` (`METRICS_TOKEN`); unset: Webhook Admins only. */
  metricsToken?: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const encryptionKey = env.WEBHOOKS_ENCRYPTION_KEY || DEV_ENCRYPTION_KEY;
  if (!env.WEBHOOKS_ENCRYPTION_KEY) {
    new Logger('Example').warn('WEBHOOKS_ENCRYPTION_KEY is not set: using the built-in development key');
  }
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    bullPrefix: env.BULL_PREFIX || 'bull',
    encryptionKey,
    retryDelaysSeconds: (env.WEBHOOKS_RETRY_DELAYS ?? '64,729')
      .split(',')
      .filter((s) => s.trim() !== '')
      .map(Number),
    timeoutMs: Number(env.WEBHOOKS_TIMEOUT_MS ?? 10000),
    allowPrivateNetworks: (env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS ?? 'true') !== 'false',
    demoUsers: env.DEMO_USERS ? JSON.parse(env.DEMO_USERS) : DEFAULT_DEMO_USERS,
    processDeliveries: (env.WEBHOOKS_PROCESS_DELIVERIES ?? 'true') !== 'false',
    workerPort: Number(env.WORKER_PORT ?? 3001),
    payloadValidation: (env.WEBHOOKS_PAYLOAD_VALIDATION || 'warn') as PayloadValidation,
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    metricsToken: env.METRICS_TOKEN || undefined,
  };
}

/** `TRUST_PROXY` as Express reads it: `true`, a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`). */
function trustProxyOf(value: string | undefined): boolean | number | string | undefined {
  if (!value || value === 'false') return undefined;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** MySQL/MariaDB with the shipped migrations, or an embedded SQLite file under ./data/. */
export function typeOrmOptions(config: Pick<ExampleConfig, 'databaseUrl'>): TypeOrmModuleOptions {
  if (config.databaseUrl) {
    return {
      type: 'mysql',
      url: config.databaseUrl,
      entities: WEBHOOKS_ENTITIES,
      migrations: WEBHOOKS_MIGRATIONS,
      migrationsRun: true,
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
    };
  }
  return {
    type: 'better-sqlite3',
    database: join(process.cwd(), 'data', 'lab-webhooks.sqlite'),
    entities: WEBHOOKS_ENTITIES,
    synchronize: true,
  };
}
