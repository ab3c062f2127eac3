import { createConnection, createPool, Pool } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from '../../src';
import { DATABASE_URL } from '../../test/support/env';
import { until } from './stats';

/** The bench's own database `bench_<pid>` on the server of DATABASE_URL, with the shipped migrations. */
export class BenchDatabase {
  private constructor(
    readonly name: string,
    readonly url: string,
    /** Raw SQL for references and data generation. */
    readonly pool: Pool,
  ) {}

  static async create(): Promise<BenchDatabase> {
    const name = `bench_${process.pid}`;
    const admin = await createConnection({ uri: DATABASE_URL });
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
    const url = new URL(DATABASE_URL);
    url.pathname = `/${name}`;
    const schema = new DataSource({
      type: 'mysql',
      url: url.toString(),
      entities: WEBHOOKS_ENTITIES,
      migrations: WEBHOOKS_MIGRATIONS,
    });
    await schema.initialize();
    await schema.runMigrations();
    await schema.destroy();
    const pool = createPool({ uri: url.toString(), connectionLimit: 4, timezone: 'Z', multipleStatements: false });
    return new BenchDatabase(name, url.toString(), pool);
  }

  /** Empties the module's tables between scenarios. */
  async truncate(): Promise<void> {
    for (const table of [
      'webhook_attempts',
      'webhook_deliveries',
      'webhook_subscription_users',
      'webhook_subscriptions',
      'webhook_subject_sequences',
    ]) {
      await this.pool.query(`TRUNCATE TABLE ${table}`);
    }
  }

  /** Empties the event log (entries and attempts), keeping subscriptions. */
  async truncateLog(): Promise<void> {
    await this.pool.query('TRUNCATE TABLE webhook_attempts');
    await this.pool.query('TRUNCATE TABLE webhook_deliveries');
  }

  /** Waits until `n` entries are final (not pending nor retrying); returns the ms it took. */
  async waitForFinal(n: number, timeoutMs: number): Promise<number> {
    const start = performance.now();
    await until(
      async () =>
        (await this.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status NOT IN ('pending', 'retrying')")) >= n,
      timeoutMs,
      `${n} entries final`,
      20,
    );
    return performance.now() - start;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [rows] = await this.pool.query(sql, params);
    return Number(Object.values((rows as Record<string, unknown>[])[0])[0]);
  }

  async drop(): Promise<void> {
    await this.pool.end();
    const admin = await createConnection({ uri: DATABASE_URL });
    await admin.query(`DROP DATABASE IF EXISTS \`${this.name}\``);
    await admin.end();
  }
}
