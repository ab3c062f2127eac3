import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { redisProblem } from './redis-probe';

/** Where a private Redis keeps its snapshot, log and pid file, under the working directory. */
export const PRIVATE_REDIS_DIR = join('data', 'redis');

/** How long a private Redis may take to write its snapshot and exit. */
const STOP_GRACE_MS = 5000;

/** The first `redis-server` on PATH, or undefined. */
export function findRedisServer(path = process.env.PATH ?? ''): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'redis-server'))
    .find((file) => existsSync(file));
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A redis-server of the example app's own, for a machine with Redis installed but none running:
 * loopback only, a free port, its data under ./data/redis (a snapshot on shutdown, so queued
 * jobs outlive a restart), stopped when the app stops.
 */
export class PrivateRedis {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(binary: string, dir = join(process.cwd(), PRIVATE_REDIS_DIR)): Promise<PrivateRedis> {
    mkdirSync(dir, { recursive: true });
    await stopLeftover(join(dir, 'redis.pid'));
    const port = await freePort();
    // Its own process group: a Ctrl-C reaches the app alone, which stops Redis once it has closed.
    const child = spawn(
      binary,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '60 1', '--appendonly', 'no'],
        ...['--pidfile', join(dir, 'redis.pid'), '--logfile', join(dir, 'redis.log')],
      ],
      { stdio: 'ignore', detached: true },
    );
    const redis = new PrivateRedis(child, `redis://127.0.0.1:${port}`);
    // A crash or process.exit of the app takes it along too.
    process.once('exit', () => child.kill('SIGTERM'));
    const exited = once(child, 'exit').then(
      ([code]) => `redis-server exited with ${code}; see ${join(dir, 'redis.log')}`,
    );
    for (let tries = 0; tries < 50; tries++) {
      const problem = await Promise.race([redisProblem(redis.url, 500), exited]);
      if (problem === null) return redis;
      if (child.exitCode !== null) throw new Error(problem);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not answer on ${redis.url}; see ${join(dir, 'redis.log')}`);
  }

  /**
   * SIGTERM: Redis writes its snapshot and exits; resolves once it is gone. Redis refuses to
   * exit when that last snapshot fails (./data removed, disk full): SIGKILL after STOP_GRACE_MS.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(timer);
  }
}

/** A private Redis left by an app that was killed (SIGKILL): stopped, so ./data/redis has one owner. */
async function stopLeftover(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (!cmdline.includes('redis-server')) return; // the pid was reused by another program
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}
