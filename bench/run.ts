/**
 * `npm run bench` (full) and `npm run bench -- --quick` (under 3 minutes): the engine against
 * the bare stack on this machine's MariaDB and Redis. Prints a table and writes
 * bench/results.json. Timings are reported, never asserted: the exit code says only whether
 * the bench itself could run.
 */
import { join } from 'node:path';
import { ReceiverClient } from './receiver/receiver-client';
import { referencesScenario } from './references/references.scenario';
import { benchConfig } from './support/bench-config';
import { BenchContext, Scenario } from './support/bench-context';
import { BenchDatabase } from './support/bench-database';
import { deleteBullPrefix } from './support/bench-redis';
import { Figure, unmeasured } from './support/figures';
import { table, writeResults } from './support/report';
import { SCENARIOS } from './scenarios';

async function main(): Promise<void> {
  const startedAt = new Date();
  const config = benchConfig(process.argv.slice(2));
  const only = process.argv.slice(2).find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const log = (m: string) => process.stderr.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)}s] ${m}\n`);
  log(`mode ${config.mode}, ${config.runs} runs per figure`);

  const db = await BenchDatabase.create();
  const receiver = await ReceiverClient.start();
  const prefixes: string[] = [];
  const ctx: BenchContext = {
    config,
    db,
    receiver,
    references: new Map(),
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

  try {
    await run('reference', async (c) => {
      const refs = await referencesScenario(c);
      refs.forEach((f) => c.references.set(f.name, f));
      return refs;
    });
    for (const [name, scenario] of SCENARIOS) {
      if (name === 'soak' && config.mode !== 'full') continue;
      await run(name, scenario);
    }
  } finally {
    receiver.stop();
    for (const prefix of prefixes) await deleteBullPrefix(prefix).catch(() => undefined);
    await db.drop().catch((err) => log(`could not drop ${db.name}: ${err.message}`));
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
