import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WEBHOOKS_ENTITIES, WEBHOOKS_MIGRATIONS } from '../src';
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
