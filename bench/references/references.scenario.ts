import { BenchContext } from '../support/bench-context';
import { deleteBullPrefix } from '../support/bench-redis';
import { Figure, measured, repeat } from '../support/figures';
import { bareBullRate } from './bare-bull';
import { bareInsertRate } from './bare-insert';
import { barePostRate } from './bare-post';

export const REF = { bull: 'bare Bull', post: 'bare POST', insert: 'bare insert' } as const;

/**
 * The bare stack, measured first in every run: what the engine's figures are compared with.
 * Each figure has one discarded warm-up run before the counted ones.
 */
export async function referencesScenario(ctx: BenchContext): Promise<Figure[]> {
  const { config, receiver } = ctx;
  const n = config.drainEvents;
  const prefix = ctx.bullPrefix('bare-bull');
  const bull = await repeat(config.runs, () => bareBullRate(n, config.concurrency, prefix), 1);
  await deleteBullPrefix(prefix);
  ctx.log(`bare Bull: ${bull.map(Math.round).join(', ')} jobs/s`);

  const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
  const postConcurrency = Math.min(config.concurrency, config.perEndpointConcurrency);
  const post = await repeat(config.runs, () => barePostRate(endpoint.url, n, postConcurrency), 1);
  await receiver.closeListeners();
  ctx.log(`bare POST: ${post.map(Math.round).join(', ')} requests/s`);

  const insert = await repeat(config.runs, () => bareInsertRate(ctx.db.pool, config.insertRows), 1);
  ctx.log(`bare insert: ${insert.map(Math.round).join(', ')} rows/s`);

  const scenario = 'reference';
  return [
    measured(scenario, REF.bull, 'jobs/s', bull, {
      note: `${n} jobs, empty processor, concurrency ${config.concurrency}`,
    }),
    measured(scenario, REF.post, 'req/s', post, { note: `${n} POSTs of 1 KiB, ${postConcurrency} in flight` }),
    measured(scenario, REF.insert, 'rows/s', insert, { note: `${config.insertRows} rows, 500 per INSERT` }),
  ];
}
