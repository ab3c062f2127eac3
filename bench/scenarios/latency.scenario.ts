import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { Figure, measured, targeted, unmeasured } from '../support/figures';
import { percentile } from '../support/stats';
import { openLoop, subscribe } from './workload';

const SCENARIO = '2 latency';

/** Runs `runs` open-loop runs at the configured rate; p50 and p99 of each. */
export async function latencyRuns(ctx: BenchContext, host: BenchHost, seconds: number, runs: number) {
  const { config, receiver } = ctx;
  // One second of warm-up, not counted.
  await openLoop(host.publisher!, receiver, config.latencyRatePerSecond, { seconds: 1 });
  const p50: number[] = [];
  const p99: number[] = [];
  let missing = 0;
  for (let run = 0; run < runs; run++) {
    const result = await openLoop(host.publisher!, receiver, config.latencyRatePerSecond, { seconds });
    p50.push(percentile(result.latenciesMs, 50));
    p99.push(percentile(result.latenciesMs, 99));
    missing += result.missing + result.errors;
    ctx.log(
      `latency run ${run}: ${result.sent} events, p50 ${p50[run].toFixed(1)} ms, p99 ${p99[run].toFixed(1)} ms, ${result.missing} missing`,
    );
    await ctx.db.truncateLog();
  }
  return { p50, p99, missing };
}

export async function startLatencyHost(ctx: BenchContext, name: string): Promise<BenchHost> {
  const host = await BenchHost.forScenario(ctx, name);
  const [endpoint] = await ctx.receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
  await subscribe(host, [endpoint.url], ['report_signed']);
  return host;
}

/** Latency: open loop at a fixed arrival rate, emit-to-receive p50/p99. */
export async function latencyScenario(ctx: BenchContext): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(SCENARIO, 'p50/p99', 'not available yet', NOT_AVAILABLE)];
  const { config } = ctx;
  const host = await startLatencyHost(ctx, 'latency');
  try {
    const { p50, p99, missing } = await latencyRuns(ctx, host, config.latencySeconds, config.runs);
    const note = `${config.latencyRatePerSecond}/s for ${config.latencySeconds} s a run${missing ? `; ${missing} not received` : ''}`;
    return [
      measured(SCENARIO, 'emit-to-receive p50', 'ms', p50, { note }),
      targeted(measured(SCENARIO, 'emit-to-receive p99', 'ms', p99, { note }), 'p99 < 50 ms', (f) => f.value! < 50),
    ];
  } finally {
    await host.close();
  }
}
