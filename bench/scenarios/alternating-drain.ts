import { loadavg } from 'node:os';
import type { WebhooksModuleOptions } from '../../src';
import { BenchContext } from '../support/bench-context';
import { BenchHost } from '../support/bench-host';
import { NOT_AVAILABLE, publisherClass } from '../support/engine';
import { against, measured, targeted, unmeasured, type Figure } from '../support/figures';
import { drainOnce, subscribe } from './workload';

/** One host configuration of an on/off comparison. */
export interface DrainVariant {
  name: string;
  /** Options of a fresh host (called once per host: a metrics registry must not be shared). */
  options: () => Partial<WebhooksModuleOptions>;
}

export interface AlternatingResult {
  /** Deliveries per second of each variant's counted runs, by variant name. */
  rates: Record<string, number[]>;
  /** Deliveries per CPU second of this process (engine and bench) over the same runs. */
  cpuRates: Record<string, number[]>;
  /** The 1-minute load average when each counted run ended, all variants. */
  load: number[];
  /**
   * Per round, the second variant's rate over the first's (runs minutes apart, not half an
   * hour): the median of these is steadier than the ratio of the medians when load drifts.
   */
  pairRatios: number[];
}

/**
 * The drain of several host configurations in one bench run, one host at a time: round r boots
 * a host per variant (order A B, then B A, ...), each with a Bull prefix of its own, warms it
 * up on a fifth of the events, measures one drain of N, waits until the log is final, closes
 * it and empties the tables. Two hosts on one database at once would pick up each other's
 * entries in their recovery sweeps; alternating puts the drift of a shared machine on both
 * variants alike.
 */
export async function alternatingDrains(
  ctx: BenchContext,
  label: string,
  variants: DrainVariant[],
): Promise<AlternatingResult> {
  const { config, receiver, db } = ctx;
  const n = config.drainEvents;
  const rates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const cpuRates: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  const load: number[] = [];
  for (let round = 0; round < config.runs; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      const host = await BenchHost.forScenario(ctx, `${label}-${variant.name}-${round}`, variant.options());
      try {
        const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
        await subscribe(host, [endpoint.url], ['report_signed']);
        const warmUp = Math.ceil(n / 5);
        await drainOnce(host, receiver, 'report_signed', warmUp, warmUp, 300_000);
        await db.waitForFinal(warmUp, 120_000);
        await db.truncateLog();
        const result = await drainOnce(host, receiver, 'report_signed', n, n, 300_000);
        const rate = (n * 1000) / result.drainMs;
        rates[variant.name].push(rate);
        cpuRates[variant.name].push((n * 1000) / result.drainCpuMs);
        load.push(loadavg()[0]);
        ctx.log(
          `${label} ${variant.name} round ${round}: ${Math.round(rate)}/s, ${Math.round(result.drainCpuMs)} CPU ms, load average ${loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
        );
        await db.waitForFinal(n, 120_000);
      } finally {
        await host.close();
        await db.truncate();
        await receiver.closeListeners();
      }
    }
  }
  const [first, second] = variants.map((v) => rates[v.name]);
  const pairRatios = second ? second.map((rate, i) => rate / first[i]) : [];
  return { rates, cpuRates, load, pairRatios };
}

/** "load average 1.2 to 3.4" over the counted runs. */
export const loadNote = (load: number[]): string =>
  `load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}`;

/**
 * The figures of an on/off comparison: the off rate, on against off (ratio of the medians) and
 * the median of the rounds' ratios, each against `target`.
 */
export async function onOffFigures(
  ctx: BenchContext,
  scenario: string,
  what: string,
  target: number,
  off: DrainVariant['options'],
  on: DrainVariant['options'],
): Promise<Figure[]> {
  if (!publisherClass()) return [unmeasured(scenario, `${what} on vs off`, 'not available yet', NOT_AVAILABLE)];
  const { rates, cpuRates, load, pairRatios } = await alternatingDrains(ctx, what, [
    { name: 'off', options: off },
    { name: 'on', options: on },
  ]);
  const note = `${ctx.config.drainEvents} events, 1 subscription, off and on alternating; ${loadNote(load)}`;
  const offRate = measured(scenario, `deliveries/s, ${what} off`, '/s', rates.off, { note });
  const onRate = measured(scenario, `${what} on vs off`, '/s', rates.on, { note });
  const paired = measured(scenario, `${what} on / off, per round`, '', pairRatios, {
    note: "median of the rounds' ratios (each round: one host off and one on, minutes apart)",
  });
  const offCpu = measured(scenario, `deliveries per CPU s, ${what} off`, '/s', cpuRates.off, {
    note: "CPU time of the engine's process over the drain",
  });
  const onCpu = measured(scenario, `${what} on vs off, per CPU s`, '/s', cpuRates.on, {
    note: "CPU time of the engine's process over the drain",
  });
  return [
    offRate,
    targeted(against(onRate, offRate), `ratio >= ${target}`, (f) => (f.ratio ?? 0) >= target),
    targeted(paired, `>= ${target}`, (f) => f.value! >= target),
    offCpu,
    targeted(against(onCpu, offCpu), `ratio >= ${target}`, (f) => (f.ratio ?? 0) >= target),
  ];
}
