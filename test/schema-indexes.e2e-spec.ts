import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { generateLog } from '../bench/support/log-data';
import { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from '../src';
import { EndpointStatsService } from '../src/endpoint-health/endpoint-stats.service';
import { mysqlDialect } from '../src/persistence/dialect.sql';
import { WebhookDeliveriesRepository } from '../src/persistence/webhook-deliveries.repository';
import { WebhookSubscriptionUsersRepository } from '../src/persistence/webhook-subscription-users.repository';
import { WebhookSubscriptionEntity } from '../src/persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../src/webhooks-options.interface';
import { createTestDatabase } from './support/database';

/** Every `.ts` file under `dir`, specs and migrations aside. */
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return sources(path);
    return f.endsWith('.ts') && !f.endsWith('.spec.ts') && !dir.endsWith('migrations') ? [path] : [];
  });

describe('the event-log indexes after every migration (real MariaDB)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let indexes: Set<string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = new DataSource({
      type: 'mysql',
      url: db.url,
      entities: WEBHOOKS_ENTITIES,
      migrations: WEBHOOKS_MIGRATIONS,
    });
    await ds.initialize();
    try {
      await ds.runMigrations();
      const rows: { Key_name: string }[] = await ds.query('SHOW INDEX FROM webhook_deliveries');
      indexes = new Set(rows.map((r) => r.Key_name));
    } finally {
      await ds.destroy();
    }
  });
  afterAll(() => db.drop());

  it('has every index the code names (entities, FORCE INDEX hints)', () => {
    const named = new Set(
      sources(join(__dirname, '..', 'src')).flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/\b(idx_webhook_deliveries_[a-z_]+)\b/g)].map((m) => m[1]),
      ),
    );
    expect(named.size).toBeGreaterThan(3);
    expect([...named].filter((name) => !indexes.has(name))).toEqual([]);
  });

  it('keeps no index that no query uses (created_at, event_id)', () => {
    expect(indexes.has('idx_webhook_deliveries_created')).toBe(false);
    expect(indexes.has('idx_webhook_deliveries_event')).toBe(false);
  });
});

describe('the endpoint stats statements, EXPLAINed on MariaDB', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const subscriptions = Array.from({ length: 20 }, (_, i) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ type: 'mysql', url: db.url, entities: WEBHOOKS_ENTITIES, migrations: WEBHOOKS_MIGRATIONS });
    await ds.initialize();
    await ds.runMigrations();
    // 20 000 entries over 30 days with one attempt each: enough rows that a scan would show.
    const pool = createPool({ uri: db.url, connectionLimit: 1 });
    try {
      await generateLog(pool, {
        rows: 20_000,
        newestDaysAgo: 0,
        oldestDaysAgo: 30,
        subscriptionIds: subscriptions,
        withAttempts: true,
      });
    } finally {
      await pool.end();
    }
  }, 120_000);
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  // The stats query no caller scope: the endpoint was checked before.
  const unscoped = {} as WebhookSubscriptionUsersRepository;

  /** The statements the service sends for one `GET .../stats?hours=N`, with their parameters. */
  const statementsOf = async (hours: number): Promise<[string, unknown[]][]> => {
    const sent: [string, unknown[]][] = [];
    const reader = Object.create(ds) as DataSource;
    reader.query = ((sql: string, params: unknown[]) => {
      sent.push([sql, params]);
      return ds.query(sql, params);
    }) as DataSource['query'];
    const service = new EndpointStatsService(new WebhookDeliveriesRepository(reader, mysqlDialect, unscoped), {
      retentionDays: 30,
    } as ResolvedWebhooksOptions);
    await service.stats({ id: subscriptions[3], failingSince: null } as WebhookSubscriptionEntity, hours);
    return sent;
  };

  it.each([24, 720])('hours=%i: every table is read through an index range, never scanned', async (hours) => {
    const sent = await statementsOf(hours);
    expect(sent).toHaveLength(3); // counts, durations, last success
    const plans = await Promise.all(
      sent.map(async ([sql, params]) =>
        ((await ds.query(`EXPLAIN ${sql}`, params)) as any[]).filter((r) => !String(r.table).startsWith('<')),
      ),
    );
    const summary = plans.map((rows) => rows.map((r) => ({ table: r.table, key: r.key, type: r.type })));
    expect(summary).toEqual([
      [{ table: 'webhook_deliveries', key: 'idx_webhook_deliveries_subscription_status', type: 'range' }],
      [
        { table: 'a', key: 'idx_webhook_attempts_delivery', type: 'ref' },
        { table: 'webhook_deliveries', key: 'idx_webhook_deliveries_subscription', type: 'range' },
      ],
      [{ table: 'webhook_deliveries', key: 'idx_webhook_deliveries_subscription_status', type: 'range' }],
    ]);
    // The counts are answered from the index alone; the last success reads one row.
    expect(plans[0][0].Extra).toContain('Using index');
    expect(sent[2][0]).toMatch(/ORDER BY id DESC LIMIT 1$/);
  });
});
