import { request } from 'undici';
import { ExampleDeployment, startDeployment, Topology } from '../end-to-end/example-processes';
import { TriggerLoad } from '../end-to-end/trigger-load';
import { BenchContext } from '../support/bench-context';
import { against, Figure, measured, targeted, unmeasured } from '../support/figures';
import { percentile, until, wallNow } from '../support/stats';

const SCENARIO = 'end to end';
/** Closed-loop callers, as in the issue's load generator. */
const CONCURRENCY = 50;
/** Open-loop headline: the highest rate whose trigger-to-receive p99 stays under this. */
const P99_LIMIT_MS = 1000;

const ADMIN = { authorization: 'Bearer admin-token', 'content-type': 'application/json' };

/** Calls the example app's webhooks API as the admin; the parsed body. */
async function api(baseUrl: string, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<any> {
  const res = await request(`${baseUrl}${path}`, { method, headers: ADMIN, body: JSON.stringify(body) });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

const dueCount = (ctx: BenchContext) =>
  ctx.db.count("SELECT COUNT(*) FROM webhook_deliveries WHERE status IN ('pending', 'retrying')");

/** Waits until every accepted trigger was received and recorded, then empties the log. */
async function settle(ctx: BenchContext, accepted: number): Promise<number> {
  const start = wallNow();
  await ctx.receiver.expect(accepted, 180_000).catch(async (err) => {
    ctx.log(`${err.message}: ${(await ctx.receiver.stats()).count} of ${accepted} received`);
  });
  const drainedMs = wallNow() - start;
  await until(async () => (await dueCount(ctx)) === 0, 60_000, 'entries final', 100).catch((err) =>
    ctx.log(err.message),
  );
  await ctx.db.truncateLog();
  return drainedMs;
}

/**
 * One topology: closed-loop ingest with the subscription off and on (interleaved, `runs` times),
 * then the open-loop sweep with it on.
 */
async function measureTopology(ctx: BenchContext, topology: Topology): Promise<Figure[]> {
  const { config, receiver } = ctx;
  const slug = topology === 'one process' ? 'e2e-one' : 'e2e-split';
  const at = `(${topology})`;
  const deployment: ExampleDeployment = await startDeployment(
    topology,
    ctx.db.url,
    ctx.bullPrefix(slug),
    config.e2eCpuProfDir,
  );
  const load = new TriggerLoad(deployment.baseUrl, 256);
  try {
    const [endpoint] = await receiver.listen([{ host: '127.0.0.1', mode: 'ok' }]);
    const sub = await api(deployment.baseUrl, 'POST', '/webhooks/subscriptions', {
      url: endpoint.url,
      events: ['report_signed'],
      active: false,
    });
    const setActive = (active: boolean) =>
      api(deployment.baseUrl, 'PATCH', `/webhooks/subscriptions/${sub.id}`, { active });

    // Warm-up (JIT, connections, both paths), not counted.
    await load.closedLoop(CONCURRENCY, 1);
    await setActive(true);
    await receiver.reset();
    await settle(ctx, (await load.closedLoop(CONCURRENCY, 1)).accepted);

    const none: number[] = [];
    const one: number[] = [];
    const delivered: number[] = [];
    const backlog: number[] = [];
    const drain: number[] = [];
    const cpuNone: number[] = [];
    const cpuOne: number[] = [];
    let failed = 0;
    for (let run = 0; run < config.runs; run++) {
      await setActive(false);
      let cpu = deployment.cpuMs();
      const a = await load.closedLoop(CONCURRENCY, config.e2eSeconds);
      cpuNone.push(((deployment.cpuMs() - cpu) * 1000) / Math.max(1, a.accepted));
      await ctx.db.truncateLog();
      await setActive(true);
      await receiver.reset();
      cpu = deployment.cpuMs();
      const b = await load.closedLoop(CONCURRENCY, config.e2eSeconds);
      const received = (await receiver.stats()).count;
      const due = await dueCount(ctx);
      const drainedMs = await settle(ctx, b.accepted);
      // Until every entry is delivered and recorded: the whole cost of each trigger.
      cpuOne.push(((deployment.cpuMs() - cpu) * 1000) / Math.max(1, b.accepted));
      failed += a.failed + b.failed;
      none.push((a.accepted * 1000) / a.elapsedMs);
      one.push((b.accepted * 1000) / b.elapsedMs);
      delivered.push((received * 1000) / b.elapsedMs);
      backlog.push(due);
      drain.push(drainedMs);
      ctx.log(
        `${topology} run ${run}: no subscription ${none[run].toFixed(0)} triggers/s; one subscription ${one[run].toFixed(0)} triggers/s, ${delivered[run].toFixed(0)} deliveries/s, backlog ${due} entries, drained ${drainedMs.toFixed(0)} ms after; app CPU per 1000 triggers ${cpuNone[run].toFixed(0)} ms without, ${cpuOne[run].toFixed(0)} ms with the subscription`,
      );
    }
    const note = `${CONCURRENCY} concurrent triggers, ${config.e2eSeconds} s a run${failed ? `; ${failed} triggers refused or failed` : ''}`;
    const ingestNone = measured(SCENARIO, `triggers/s, no subscription ${at}`, '/s', none, { note });
    const ingestOne = measured(SCENARIO, `triggers/s, 1 subscription ${at}`, '/s', one, { note });
    const target = topology === 'one process' ? 2000 : 3000;
    const figures: Figure[] = [
      ingestNone,
      ingestOne,
      targeted(
        against({ ...ingestOne, name: `ingest 1 sub vs none ${at}` }, ingestNone),
        'ratio >= 0.5',
        (f) => (f.ratio ?? 0) >= 0.5,
      ),
      targeted(
        measured(SCENARIO, `deliveries/s during the load ${at}`, '/s', delivered, { note }),
        `>= ${target}/s`,
        (f) => f.value! >= target,
      ),
      measured(SCENARIO, `app CPU ms per 1000 triggers, no subscription ${at}`, 'ms', cpuNone, {
        note: "the example app's processes (user + system), over the closed-loop run",
      }),
      measured(SCENARIO, `app CPU ms per 1000 triggers delivered ${at}`, 'ms', cpuOne, {
        note: "the example app's processes, from the load's start until every entry is delivered and recorded",
      }),
      measured(SCENARIO, `backlog when the load stops ${at}`, 'entries', backlog, {
        note: `entries pending; drained in ${drain.map((d) => (d / 1000).toFixed(1)).join(' / ')} s`,
      }),
    ];

    // Open-loop sweep, with the subscription on; stops at the first rate over the limit.
    let best: number | null = null;
    const sweep: string[] = [];
    for (const rate of config.e2eRates) {
      await receiver.reset();
      const r = await load.openLoop(rate, config.e2eSweepSeconds);
      await settle(ctx, r.accepted);
      const { latenciesMs } = await receiver.stats();
      // A trigger refused or never received counts as infinitely late.
      const all = [...latenciesMs, ...Array(Math.max(0, r.accepted + r.failed - latenciesMs.length)).fill(Infinity)];
      const p50 = percentile(all, 50);
      const p99 = percentile(all, 99);
      sweep.push(`${rate}/s: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
      ctx.log(`${topology} open loop ${rate}/s for ${config.e2eSweepSeconds} s: ${sweep[sweep.length - 1]}`);
      figures.push(
        measured(SCENARIO, `open loop ${rate}/s, trigger-to-receive p99 ${at}`, 'ms', [p99], {
          note: `p50 ${p50.toFixed(1)} ms; ${r.accepted} accepted, ${r.failed} refused or failed, ${latenciesMs.length} received`,
        }),
      );
      if (!(p99 < P99_LIMIT_MS)) break;
      best = rate;
    }
    figures.push(
      targeted(
        measured(SCENARIO, `highest rate with p99 < 1 s ${at}`, 'events/s', [best ?? 0], {
          note: `${best === null ? 'none of the rates; ' : ''}${sweep.join('; ')}`,
        }),
        `>= ${target}/s`,
        (f) => f.value! >= target,
      ),
    );
    return figures;
  } finally {
    await load.close();
    await deployment.stop();
  }
}

/**
 * End to end, as a lab runs it: the example app in processes of its own on MariaDB, triggers
 * over HTTP at 50 concurrent requests, deliveries to a loopback receiver in another process.
 */
export async function endToEndScenario(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const topology of ctx.config.e2eTopologies) {
    try {
      figures.push(...(await measureTopology(ctx, topology)));
    } catch (err) {
      ctx.log(`${topology} failed: ${(err as Error).stack ?? err}`);
      figures.push(unmeasured(SCENARIO, topology, 'error', String((err as Error).message ?? err).slice(0, 200)));
    } finally {
      await ctx.db.truncate();
      await ctx.receiver.closeListeners();
      await ctx.receiver.reset();
    }
  }
  return figures;
}
