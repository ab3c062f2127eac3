import { randomBytes } from 'node:crypto';
import { BullModule } from '@nestjs/bull';
import { INestApplication, LoggerService, LogLevel, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { demoAuth } from '../../example/demo-auth.middleware';
import { useWebhooksBodyParser, WebhooksModule, WebhooksModuleOptions } from '../../src';
import { createSqliteDatabase, createTestDatabase, mariadbOptions, sqliteOptions } from './database';
import { bearer, REDIS_URL, TEST_DATABASE, TEST_USERS, TOKENS } from './env';

export const testEncryptionKey = () => randomBytes(32).toString('base64');

/** The HTTP platforms the module supports; a spec of security-relevant behaviour runs on each. */
export const ADAPTERS = ['express', 'fastify'] as const;
export type Adapter = (typeof ADAPTERS)[number];

export interface TestAppOptions {
  /** Nest's HTTP platform; default Express. */
  adapter?: Adapter;
  /** Module options on top of a fresh key and `allowPrivateNetworks: true` (receivers are on loopback). */
  webhooks?: Partial<WebhooksModuleOptions>;
  /** Register with `forRootAsync({ useFactory })` instead of `forRoot`. */
  async?: boolean;
  /** Reuse a database (e.g. a second instance of the same app); default: a fresh one. */
  databaseUrl?: string;
  /** Reuse a Bull prefix (instances sharing one queue); default: a fresh one. */
  bullPrefix?: string;
  /** Where the app logs; default: errors and warnings to the console. */
  logger?: LoggerService;
  /** Bull's Redis; default REDIS_URL. */
  redisUrl?: string;
  /** The database; default TEST_DATABASE (MariaDB unless `TEST_DATABASE=sqlite`). */
  database?: 'mysql' | 'sqlite';
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  bullPrefix: string;
  /** The module key, for a second instance on the same database. */
  encryptionKey: string;
  close(): Promise<void>;
}

@Module({})
class AuthHost implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Test hosts: the cookie names a demo token itself (the example app keeps server-side sessions).
    consumer.apply(demoAuth(TEST_USERS, { tokenOf: (token) => token })).forRoutes('*');
  }
}

/** Fastify as the docs tell a host to set it up: `/webhooks/ui/` answers as `/webhooks/ui` does on Express. */
export const fastifyAdapter = () => new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } });

/**
 * Boots a small real host app: TypeORM on real MariaDB (a fresh database, migrations run),
 * Bull on real Redis (a fresh key prefix), the event emitter, and WebhooksModule.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const sqlite = (options.database ?? TEST_DATABASE) === 'sqlite';
  const db = options.databaseUrl ? undefined : sqlite ? createSqliteDatabase() : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? db!.url;
  const bullPrefix = options.bullPrefix ?? `test-${randomBytes(4).toString('hex')}`;
  const webhookOptions: WebhooksModuleOptions = {
    encryptionKey: testEncryptionKey(),
    allowPrivateNetworks: true,
    ...options.webhooks,
  };
  const webhooksModule = options.async
    ? WebhooksModule.forRootAsync({ useFactory: async () => webhookOptions })
    : WebhooksModule.forRoot(webhookOptions);
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot(sqlite ? sqliteOptions(databaseUrl) : mariadbOptions(databaseUrl)),
      BullModule.forRoot({ redis: options.redisUrl ?? REDIS_URL, prefix: bullPrefix }),
      EventEmitterModule.forRoot(),
      AuthHost,
      webhooksModule,
    ],
  }).compile();
  const logger: LoggerService | LogLevel[] = options.logger ?? ['error', 'warn'];
  const app =
    options.adapter === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(fastifyAdapter(), { logger })
      : moduleRef.createNestApplication<NestExpressApplication>({ logger });
  useWebhooksBodyParser(app); // 1 MiB, parse errors that do not quote the body: what a host must set
  app.enableShutdownHooks();
  await app.init();
  if (options.adapter === 'fastify') await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource: app.get(getDataSourceToken()),
    databaseUrl,
    bullPrefix,
    encryptionKey: webhookOptions.encryptionKey,
    async close() {
      await app.close();
      await db?.drop();
    },
  };
}

/** Creates a subscription as the demo admin (201 expected) and returns it, signing secret included. */
export async function createSubscription(
  t: Pick<TestApp, 'http'>,
  body: Record<string, unknown>,
): Promise<{ id: string; signingSecret: string; [field: string]: unknown }> {
  const res = await t.http.post('/webhooks/subscriptions').set(bearer(TOKENS.admin)).send(body);
  expect(res.status).toBe(201);
  return res.body;
}

/**
 * Subscribes `url` as the demo admin (to `report_signed` unless `body` names other events; 201
 * expected) and returns the subscription's id.
 */
export async function subscribe(
  t: Pick<TestApp, 'http'>,
  url: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  return (await createSubscription(t, { url, events: ['report_signed'], ...body })).id;
}

/** An event-log entry's status as stored (undefined while there is no such row). */
export async function statusOf(t: Pick<TestApp, 'dataSource'>, id: string): Promise<string | undefined> {
  return (await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = ?', [id]))[0]?.status;
}
