import type { DataSource } from 'typeorm';

/** The databases the module runs on: MySQL/MariaDB (production) and SQLite (the example app). */
export type SqlDialectName = 'mysql' | 'sqlite';

/**
 * The small bits of SQL every table shares that differ between the two databases. What is
 * bigger than a bit (a statement of its own) sits in its table's `*.sql.ts` file beside its
 * repository, one implementation per database; see docs/decisions.md, "Storage".
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** A date as a raw-query parameter. */
  date(d: Date): Date | string;
  /** A datetime column as a raw query hands it back. */
  readDate(value: Date | string): Date;
  /** An index hint to put after a table name (with its leading space), or nothing. */
  forceIndex(index: string): string;
  /** The error of a write that hit a unique key. */
  isDuplicateKey(err: unknown): boolean;
  /** A deadlock or a lock wait given up: the transaction was rolled back and may run again. */
  isRetryable(err: unknown): boolean;
  /** The most `?` parameters one statement may bind. */
  readonly maxParameters: number;
}

const codeOf = (err: any): string | undefined => err?.code ?? err?.driverError?.code;

/** mysql2 formats and parses Dates itself (in the connection's time zone, the same both ways). */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  date: (d) => d,
  readDate: (value) => (value instanceof Date ? value : new Date(value)),
  // MariaDB/MySQL often walk the primary key for `ORDER BY id DESC LIMIT n` rather than the
  // index of the filter, reading every row between the cursor and the next match.
  forceIndex: (index) => ` FORCE INDEX (${index})`,
  isDuplicateKey: (err) => codeOf(err) === 'ER_DUP_ENTRY',
  isRetryable: (err) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes(codeOf(err) ?? ''),
  // mysql2's query() puts the values into the text itself: only the packet size limits a statement.
  maxParameters: Number.POSITIVE_INFINITY,
};

/** better-sqlite3 stores TypeORM's UTC text (`YYYY-MM-DD HH:MM:SS.sss`, no zone) and hands it back. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  date: (d) => d.toISOString().replace('T', ' ').replace('Z', ''),
  // Read as UTC unless the text names its zone (`Z` or `+hh:mm`): a row written by other means may.
  readDate: (value) =>
    value instanceof Date
      ? value
      : new Date(`${value.replace(' ', 'T')}${/(Z|[+-]\d\d:?\d\d)$/.test(value) ? '' : 'Z'}`),
  // Its planner picks the filter's index on its own.
  forceIndex: () => '',
  isDuplicateKey: (err) =>
    ['SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE'].includes(codeOf(err) ?? ''),
  // One connection and one writer at a time: no transaction waits on another's row lock.
  isRetryable: () => false,
  // SQLITE_MAX_VARIABLE_NUMBER of better-sqlite3's SQLite (the default since SQLite 3.32).
  maxParameters: 32_766,
};

/**
 * The one place that tells the databases apart (`sqlDialectProvider` calls it once at start);
 * any other type takes the SQLite forms (no MySQL extensions).
 */
export function sqlDialectOf(dataSource: Pick<DataSource, 'options'>): SqlDialectName {
  return dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb' ? 'mysql' : 'sqlite';
}

/** A concern's implementation for the injected dialect: `forDialect(dialect, PURGE_SQL)`. */
export function forDialect<T>(dialect: SqlDialect, byDialect: Record<SqlDialectName, T>): T {
  return byDialect[dialect.name];
}

/** The shared bits, by database. */
export const SQL_DIALECTS: Record<SqlDialectName, SqlDialect> = { mysql: mysqlDialect, sqlite: sqliteDialect };
