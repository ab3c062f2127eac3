import { SqlDialect } from './dialect.sql';

/**
 * Runs `work` (a whole transaction) again when the database rolled it back for a deadlock or
 * a lock wait (`SqlDialect.isRetryable`), up to `tries` times, with a short random pause.
 */
export async function withDeadlockRetry<T>(dialect: SqlDialect, work: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (err) {
      if (i >= tries || !dialect.isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}
