import { Registry } from 'prom-client';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, measured, targeted, unmeasured, type Figure } from '../support/figures';
import { drainOnce, subscribe } from './workload';

const SCENARIO = '9 metrics cost';

/**
 * What counting costs the hot path: the drain on two hosts, one with Prometheus metrics off and
 * one with them on (a registry of its own), their runs interleaved (off, on, off, on, ...) so
 * that drift of a shared machine falls on both alike.
 */
export async function metricsCostScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'metrics on vs off', 'not available yet', NOT_AVAILABLE)];
  const { config, receiver, db } = ctx;
  const n = config.drainEvents;
  const variants = [
    { name: 'off', host: await BenchHost.forScenario(ctx, 'metrics-off', { metrics: false }) },
    {
      name: 'on',
      host: await BenchHost.forScenario(ctx, 'metrics-on', { metrics: true, metricsRegistry: new Registry() }),
    },
  ];
  try {
    const rates: Record<string, number[]> = { off: [], on: [] };
    for (const { host } of variants) {
      const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
      await subscribe(host, [endpoint.url], ['report_signed']);
    }
    // Run 0 warms both hosts up on a fifth of the events and is not counted.
    for (let run = 0; run < config.runs + 1; run++) {
      for (const { name, host } of variants) {
        const size = run === 0 ? Math.ceil(n / 5) : n;
        const result = await drainOnce(host, receiver, 'report_signed', size, size, 300_000);
        ctx.log(`metrics ${name} run ${run}: delivered ${Math.round(result.drainMs)} ms`);
        if (run > 0) rates[name].push((n * 1000) / result.drainMs);
        await db.waitForFinal(size, 120_000);
        await db.truncateLog();
      }
    }
    const note = `${n} events, 1 subscription, runs interleaved`;
    const off = measured(SCENARIO, 'deliveries/s, metrics off', '/s', rates.off, { note });
    const on = measured(SCENARIO, 'deliveries/s, metrics on', '/s', rates.on, { note });
    return [
      off,
      targeted(against({ ...on, name: 'metrics on vs off' }, off), 'ratio >= 0.97', (f) => (f.ratio ?? 0) >= 0.97),
    ];
  } finally {
    await Promise.all(variants.map((v) => v.host.close()));
  }
}
