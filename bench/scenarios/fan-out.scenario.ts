import { ListenerSpec } from '../receiver/receiver-protocol';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { Figure, measured, targeted, unmeasured } from '../support/figures';
import { payload1KiB } from '../support/payload';
import { wallNow } from '../support/stats';
import { subscribe } from './workload';

const SCENARIO = '3 fan-out';

/**
 * One listener per endpoint, each on an address of its own: 127.0.1.1, 127.0.1.2, ... (Linux
 * routes all of 127.0.0.0/8 to lo). Where only 127.0.0.1 binds (macOS), ports tell them apart.
 */
async function listenMany(ctx: BenchContext, n: number): Promise<string[]> {
  const specs: ListenerSpec[] = Array.from({ length: n }, (_, i) => ({
    host: `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    mode: 'ok',
  }));
  try {
    return (await ctx.receiver.listen(specs)).map((e) => e.url);
  } catch (err) {
    ctx.log(`fan-out: ${(err as Error).message}; falling back to ports on 127.0.0.1`);
    await ctx.receiver.closeListeners();
    return (await ctx.receiver.listen(specs.map((s) => ({ ...s, host: '127.0.0.1' })))).map((e) => e.url);
  }
}

/** Fan-out: one event to N subscriptions on N endpoints; time for publish to return and to the last delivery. */
export async function fanOutScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'publish / last delivery', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver } = ctx;
  const n = config.fanOutSubscriptions;
  const host = await BenchHost.forScenario(ctx, 'fan-out');
  try {
    const urls = await listenMany(ctx, n);
    await subscribe(host, urls, ['requisition_canceled']);
    const publishMs: number[] = [];
    const lastMs: number[] = [];
    // Each run starts with connections the previous run left open (undici keeps them 10 s);
    // run 1 opens all of them, as a fan-out to endpoints that rarely receive would.
    for (let run = 0; run < config.runs; run++) {
      await receiver.reset();
      const start = wallNow();
      await host.publisher!.publish('requisition_canceled', payload1KiB(run));
      publishMs.push(wallNow() - start);
      lastMs.push((await receiver.expect(n, 60_000)) - start);
      await ctx.db.waitForFinal(n, 60_000);
      ctx.log(
        `fan-out run ${run}: publish ${publishMs[run].toFixed(1)} ms, last delivery ${lastMs[run].toFixed(0)} ms`,
      );
      await ctx.db.truncateLog();
    }
    const note = `${n} subscriptions on ${new Set(urls.map((u) => new URL(u).hostname)).size} addresses`;
    return [
      targeted(
        measured(SCENARIO, `publish returns (${n} subs)`, 'ms', publishMs, { note }),
        '< 200 ms',
        (f) => f.value! < 200,
      ),
      targeted(
        measured(SCENARIO, 'last delivery received', 'ms', lastMs, { note }),
        '< 3000 ms',
        (f) => f.value! < 3000,
      ),
    ];
  } finally {
    await host.close();
  }
}
