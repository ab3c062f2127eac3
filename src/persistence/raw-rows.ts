import { SqlDialect } from './dialect.sql';

/** One `?` per value, comma-separated: the parameter list of an `IN (...)` or a row. */
export function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** A multi-row INSERT of `rows` rows into `columns` (MySQL and SQLite take the same text). */
export function insertSql(table: string, columns: string[], rows: number): string {
  const row = `(${placeholders(columns)})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`;
}

/** A raw-query parameter: dates as the database stores them, booleans as 0/1, undefined as NULL. */
export function rawParam(dialect: SqlDialect, value: unknown): unknown {
  if (value instanceof Date) return dialect.date(value);
  return value === undefined ? null : typeof value === 'boolean' ? Number(value) : value;
}
