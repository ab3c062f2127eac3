import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createExampleApp } from '../../example/bootstrap';
import { readConfig } from '../../example/config';
import { createTestDatabase } from './database';
import { REDIS_URL, TEST_USERS } from './env';

export interface RunningExample {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  baseURL: string;
  dataSource: DataSource;
  bullPrefix: string;
  close(): Promise<void>;
}

/**
 * The example lab app of `npm start`, listening on loopback, on a fresh MariaDB database and
 * its own Bull prefix, with the test callers and a short retry schedule.
 */
export async function startExampleApp(env: Record<string, string> = {}): Promise<RunningExample> {
  const db = await createTestDatabase();
  const bullPrefix = `test-${randomBytes(4).toString('hex')}`;
  const config = readConfig({
    DATABASE_URL: db.url,
    REDIS_URL,
    BULL_PREFIX: bullPrefix,
    WEBHOOKS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_RETRY_DELAYS: '0.2',
    WEBHOOKS_TIMEOUT_MS: '3000',
    DEMO_USERS: JSON.stringify(TEST_USERS),
    ...env,
  });
  const app = await createExampleApp(config, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseURL: `http://127.0.0.1:${port}`,
    dataSource: app.get(getDataSourceToken()),
    bullPrefix,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** One JSON call to the example app's API as `token`: `{ status, body }` (body null for a 204). */
export async function callApi(
  baseURL: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(baseURL + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
