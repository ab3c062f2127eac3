/**
 * `npm run bench` (full), `npm run bench -- --quick` (more than 5 minutes since the end-to-end,
 * metrics, sealing and recover scenarios) and `npm run bench -- --smoke` (every scenario once at a
 * tiny size, for CI: figures only, under a minute): the engine against the bare stack on this machine's
 * MariaDB and Redis. Prints a table and writes bench/results.json. Timings are reported, never
 * asserted: the exit code says only whether the bench itself could run.
 */
import { join } from 'node:path';
import { ReceiverClient } from './receiver/receiver-client';
import { referencesScenario } from './references/references.scenario';
import { SCENARIOS } from './scenarios';
import { benchConfig } from './support/bench-config';
import { BenchContext, Scenario } from './support/bench-context';
import { BenchDatabase } from './support/bench-database';
import { BenchHost } from './support/bench-host';
import { deleteBullPrefix } from './support/bench-redis';
import { Figure, unmeasured } from './support/figures';
import { table, writeResults } from './support/report';
import { within } from './support/stats';

async function main(): Promise<void> {
  const startedAt = new Date();
  const config = benchConfig(process.argv.slice(2));
  const only = process.argv
    .slice(2)
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const log = (m: string) =>
    process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)}s] ${m}\n`);
  log(`mode ${config.mode}, ${config.runs} runs per figure`);

  const db = await BenchDatabase.create();
  const receiver = await ReceiverClient.start();
  const prefixes: string[] = [];
  const ctx: BenchContext = {
    config,
    db,
    receiver,
    earlier: new Map(),
    log,
    bullPrefix: (scenario) => {
      const prefix = `bench-${process.pid}-${scenario}`;
      prefixes.push(prefix);
      return prefix;
    },
  };
  const figures: Figure[] = [];
  const run = async (name: string, scenario: Scenario) => {
    if (only && !only.includes(name)) return;
    log(`scenario ${name}`);
    try {
      const result = await scenario(ctx);
      result.forEach((f) => ctx.earlier.set(f.name, f));
      figures.push(...result);
    } catch (err) {
      log(`scenario ${name} failed: ${(err as Error).stack ?? err}`);
      figures.push(unmeasured(name, 'whole scenario', 'error', String((err as Error).message ?? err).slice(0, 200)));
    } finally {
      await db.truncate().catch(() => undefined);
      await receiver.closeListeners().catch(() => undefined);
      await receiver.reset().catch(() => undefined);
    }
  };

  // Interrupted (CI's timeout, Ctrl-C): still remove the database, the Redis keys and the receivers.
  let cleaned: Promise<void> | undefined;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await within(BenchHost.closeAll(), 15_000, 'closing the hosts').catch((err) => log(err.message));
      receiver.stop();
      for (const prefix of prefixes) await deleteBullPrefix(prefix).catch(() => undefined);
      await db.drop().catch((err) => log(`could not drop ${db.name}: ${err.message}`));
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    // The hosts' own shutdown hooks would re-raise the signal once their app is closed, and
    // end this process before the database is dropped: cleanup closes them itself. A second
    // signal (npm forwards the one `timeout` sent to the whole group) changes nothing.
    for (const s of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(s);
      process.on(s, () => log(`${s} again: still cleaning up`));
    }
    // Closing a host mid-work can throw from a client's callbacks; the cleanup goes on.
    process.on('uncaughtException', (err) => log(`during cleanup: ${err.message}`));
    process.on('unhandledRejection', (err) => log(`during cleanup: ${(err as Error)?.message ?? err}`));
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await run('reference', referencesScenario);
    for (const [name, scenario] of SCENARIOS) {
      if (only && !only.includes(name)) continue;
      if (name === 'soak' && !config.soakMinutes) {
        figures.push(unmeasured('7 soak', 'RSS / heap slope', 'skipped', 'full mode only'));
        continue;
      }
      await run(name, scenario);
    }
  } finally {
    await cleanup();
  }

  const out = join(__dirname, 'results.json');
  writeResults(out, config, figures, startedAt);
  process.stdout.write(`\n${table(figures)}\n\nwritten: ${out}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench could not run: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
