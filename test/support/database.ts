import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from '../../src';
import { DATABASE_URL } from './env';

/**
 * A database of its own for one test file, on the real MariaDB/MySQL server of
 * DATABASE_URL: test files (and jest workers) never see each other's rows.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = new URL(DATABASE_URL);
  const base = server.pathname.replace(/^\//, '') || 'test';
  const name = `${base}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = await createConnection({ uri: server.toString() });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** A SQLite file of its own for one test app (TEST_DATABASE=sqlite); its "url" is the path. */
export function createSqliteDatabase(): { url: string; name: string; drop(): Promise<void> } {
  const name = `lab-webhooks-test-${process.pid}-${randomBytes(3).toString('hex')}.sqlite`;
  const url = join(tmpdir(), name);
  return {
    url,
    name,
    async drop() {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(url + suffix, { force: true });
    },
  };
}

/** TypeORM on a MariaDB test database: the module's entities, its migrations (or those given) run at start. */
export const mariadbOptions = (url: string, migrations: DataSourceOptions['migrations'] = WEBHOOKS_MIGRATIONS) =>
  ({
    type: 'mysql',
    url,
    entities: WEBHOOKS_ENTITIES,
    migrations,
    migrationsRun: true,
    timezone: 'Z',
    logging: false,
  }) satisfies DataSourceOptions;

/** TypeORM on a SQLite test file: the schema synchronized from the entities, as the example app does. */
export const sqliteOptions = (path: string) =>
  ({
    type: 'better-sqlite3',
    database: path,
    entities: WEBHOOKS_ENTITIES,
    synchronize: true,
  }) satisfies DataSourceOptions;
