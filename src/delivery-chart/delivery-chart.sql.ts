import { SqlDialectName } from '../persistence/dialect.sql';

/**
 * The bucket of an entry, `FLOOR((created ms + offset ms) / bucket ms)`, as each database
 * computes it. MySQL/MariaDB read the creation time from the id (a UUIDv7 starts with it, 48
 * bits of hex), so the count is answered from an index that ends in `id` without reading a
 * row; SQLite has no hex-to-number function and reads `created_at`.
 * Two `?` parameters: the offset, then the bucket length, both in milliseconds.
 */
export const BUCKET_SQL: Record<SqlDialectName, string> = {
  mysql: 'FLOOR((CONV(CONCAT(LEFT(id, 8), SUBSTR(id, 10, 4)), 16, 10) + ?) / ?)',
  // Parameters arrive as REAL: the cast keeps the division whole.
  sqlite: "CAST((CAST(strftime('%s', created_at) AS INTEGER) * 1000 + ?) / ? AS INTEGER)",
};
