import { Registry } from 'prom-client';
import { WebhooksMetrics } from '../../src/operations/webhooks-metrics';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { measured, targeted, type Figure } from '../support/figures';
import { onOffFigures } from './alternating-drain';

const SCENARIO = '10 metrics cost';
const CALLS = 200_000;

/**
 * What counting costs the hot path: the drain with Prometheus metrics off and on (a registry
 * of its own per host), one host at a time, alternating within one run. Also the CPU time of
 * the metric calls one delivery makes (one `published`, one `attempted`), timed on their own
 * over many calls, against the CPU time a delivery costs the engine's process in the "off"
 * runs: a bound on the ratio that a busy machine's wall clock cannot blur.
 */
export async function metricsCostScenario(ctx: BenchContext): Promise<Figure[]> {
  const figures = await onOffFigures(
    ctx,
    SCENARIO,
    'metrics',
    0.97,
    () => ({ metrics: false }),
    () => ({ metrics: true, metricsRegistry: new Registry() }),
  );
  const perCpuSecond = figures.find((f) => f.name === 'deliveries per CPU s, metrics off')?.value;
  if (!perCpuSecond) return figures;
  const callsUs = await metricCallsMicros(ctx);
  const deliveryUs = 1_000_000 / perCpuSecond;
  return [
    ...figures,
    measured(SCENARIO, "CPU of one delivery's metric calls", 'µs', callsUs, {
      note: `${CALLS} calls of each, after a warm-up`,
    }),
    targeted(
      measured(SCENARIO, 'bound: on / off by CPU', '', [deliveryUs / (deliveryUs + Math.max(...callsUs))], {
        note: `${deliveryUs.toFixed(0)} µs CPU per delivery (off runs) + the slowest calls figure`,
      }),
      '>= 0.97',
      (f) => f.value! >= 0.97,
    ),
  ];
}

/** CPU µs of one `published` and one `attempted` call, in `ctx.config.runs` timings. */
async function metricCallsMicros(ctx: BenchContext): Promise<number[]> {
  const host = await BenchHost.forScenario(ctx, 'metrics-calls', { metrics: true, metricsRegistry: new Registry() });
  try {
    const metrics = host.get(WebhooksMetrics);
    const result = { ok: true, status: 204, error: null, durationMs: 12 };
    const calls = (n: number) => {
      for (let i = 0; i < n; i++) {
        metrics.published('report_signed');
        metrics.attempted('report_signed', result, false);
      }
    };
    calls(20_000);
    const runs: number[] = [];
    for (let run = 0; run < ctx.config.runs; run++) {
      const cpu = process.cpuUsage();
      calls(CALLS);
      const used = process.cpuUsage(cpu);
      runs.push((used.user + used.system) / CALLS);
    }
    return runs;
  } finally {
    await host.close();
  }
}
