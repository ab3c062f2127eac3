import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REDIS_URL } from '../../test/support/env';
import { freePort } from '../../test/support/example-process';
import { within } from '../support/stats';

/** One process of the example app started by the bench. */
export interface ExampleProcess {
  pid: number;
  /** Ends the process normally (a `--cpu-prof` profile is written); resolves when it is gone. */
  stop(): Promise<void>;
}

/** The example app's processes for one topology: the API's base URL and a way to stop them all. */
export interface ExampleDeployment {
  baseUrl: string;
  /** CPU time (user + system, ms) its processes used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export type Topology = 'one process' | 'API + worker';

const READY = { main: 'Lab app on http', worker: 'Delivery worker running' } as const;

/**
 * Forks `example/main.ts` or `example/worker.ts` (through example-entry.ts) with `env`;
 * resolves once its log shows it is ready. `cpuProfDir`: run it under `--cpu-prof`.
 */
async function startExample(
  entry: 'main' | 'worker',
  env: Record<string, string>,
  cpuProfDir?: string,
): Promise<ExampleProcess> {
  const child: ChildProcess = fork(join(__dirname, 'example-entry.ts'), [entry], {
    execArgv: [
      '-r',
      'ts-node/register/transpile-only',
      ...(cpuProfDir
        ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, `--cpu-prof-name=${entry}-${Date.now()}.cpuprofile`]
        : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    await within(
      new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          output = (output + d.toString()).slice(-4000);
          if (output.includes(READY[entry])) resolve();
        });
        void gone.then(() => reject(new Error(`example ${entry} exited: ${output.slice(-1000)}`)));
      }),
      120_000,
      `example ${entry} start`,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  // Keep reading (a full pipe would block the child), print only warnings and errors.
  child.stdout!.removeAllListeners('data');
  child.stdout!.on('data', (d: Buffer) => {
    const lines = d
      .toString()
      .split('\n')
      .filter((l) => / (WARN|ERROR) /.test(l));
    if (lines.length) process.stderr.write(`[example ${entry}] ${lines.join('\n')}\n`);
  });
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      await within(gone, 20_000, `example ${entry} exit`).catch(() => {
        child.kill('SIGKILL');
        return gone;
      });
    },
  };
}

/**
 * The example app on the bench database with a Bull prefix of its own: one process that
 * takes triggers and delivers, or an API-only process beside a worker process.
 */
export async function startDeployment(
  topology: Topology,
  databaseUrl: string,
  bullPrefix: string,
  cpuProfDir?: string,
): Promise<ExampleDeployment> {
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    BULL_PREFIX: bullPrefix,
    PORT: String(port),
    WEBHOOKS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    WORKER_PORT: String(await freePort()),
  };
  const split = topology === 'API + worker';
  const processes: ExampleProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    processes.push(await startExample('main', { ...env, WEBHOOKS_PROCESS_DELIVERIES: String(!split) }, cpuProfDir));
    if (split) processes.push(await startExample('worker', env, cpuProfDir));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop,
    cpuMs: () => processes.reduce((sum, p) => sum + cpuMsOf(p.pid), 0),
  };
}

/** User + system CPU time of a process, in ms, from /proc (Linux; 0 elsewhere). */
function cpuMsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ: 100 on every Linux the bench runs on. */
const CLOCK_TICKS = 100;
