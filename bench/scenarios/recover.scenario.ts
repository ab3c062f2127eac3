import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { TOKENS } from '../../test/support/env';
import { insertEntries } from '../../test/support/event-log-rows';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { measured, unmeasured, type Figure } from '../support/figures';
import { payload1KiB } from '../support/payload';
import { sleep, wallNow } from '../support/stats';
import { subscribe } from './workload';

const SCENARIO = '12 recover';
/** The most one recover task queues. */
const HOUR_MS = 3_600_000;

/**
 * Recover of 10 000 failed entries of one endpoint (`POST /webhooks/events/recover`): ms from
 * the request until the task has queued them all (`completed`), and until the receiver has the
 * last one; the queueing and the drain overlap, as they do for a host.
 */
export async function recoverScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'recover 10 000', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver, db } = ctx;
  const ENTRIES = config.recoverEntries;
  const host = await BenchHost.forScenario(ctx, 'recover');
  try {
    const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
    const [subscriptionId] = await subscribe(host, [endpoint.url], ['report_signed']);
    const queuedMs: number[] = [];
    const drainedMs: number[] = [];
    const load: number[] = [];
    // Run 0 warms up and is not counted.
    for (let run = 0; run < config.runs + 1; run++) {
      const base = Date.now() - HOUR_MS;
      await insertEntries(
        host.get(DataSource),
        Array.from({ length: ENTRIES }, (_, i) => ({
          subscriptionId,
          status: 'failed' as const,
          at: base + i,
          attemptCount: 3,
          payload: payload1KiB(i),
        })),
      );
      await receiver.reset();
      const start = wallNow();
      const res = await host.postJson('/webhooks/events/recover', TOKENS.admin, {
        since: new Date(base - HOUR_MS).toISOString(),
        subscriptionId,
      });
      if (res.status !== 202 || res.body.matched !== ENTRIES)
        throw new Error(`recover answered ${res.status}: ${JSON.stringify(res.body)}`);
      const drained = receiver.expect(ENTRIES, 300_000);
      drained.catch(() => undefined); // awaited below; not unhandled if the task fails first
      for (;;) {
        const task = await host.getJson(`/webhooks/tasks/${res.body.taskId}`, TOKENS.admin);
        if (task.body.status === 'completed') break;
        if (task.body.status !== 'running') throw new Error(`task ended ${task.body.status}: ${task.body.error}`);
        await sleep(20);
      }
      const queued = wallNow() - start;
      const drainedAt = (await drained) - start;
      ctx.log(
        `recover run ${run}: all queued ${Math.round(queued)} ms, last received ${Math.round(drainedAt)} ms, load average ${loadavg()[0].toFixed(1)}`,
      );
      if (run > 0) {
        queuedMs.push(queued);
        drainedMs.push(drainedAt);
        load.push(loadavg()[0]);
      }
      await db.waitForFinal(ENTRIES, 120_000);
      await db.truncateLog();
    }
    const note = `${ENTRIES} failed entries of 1 endpoint; load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}`;
    return [
      measured(SCENARIO, `task queued all ${ENTRIES}`, 'ms', queuedMs, { note }),
      measured(SCENARIO, `last of ${ENTRIES} received`, 'ms', drainedMs, { note: 'from the recover request' }),
      measured(
        SCENARIO,
        'recovered deliveries/s',
        '/s',
        drainedMs.map((ms) => (ENTRIES * 1000) / ms),
        { note: 'request to last received' },
      ),
    ];
  } finally {
    await host.close();
  }
}
