import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { redisProblem } from '../example/redis-probe';
import { freePort, stopProcess } from './support/example-process';
import { Receiver } from './support/receiver';

const ROOT = join(__dirname, '..');
const ADMIN = { Authorization: 'Bearer admin-token' };
const PRIVATE_LINE = /a private redis-server runs on (redis:\/\/127\.0\.0\.1:\d+) \(data under \.\/data\/redis\/\)/;

interface Run {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code, or 'ready' once the app listens. */
  outcome: Promise<number | 'ready'>;
}

/**
 * `npm start` as a newcomer runs it: the real example/main.ts in a process of its own, in
 * `cwd` (its ./data/ goes there), with the test's environment less REDIS_URL and DATABASE_URL.
 */
const started: ChildProcess[] = [];
function npmStart(cwd: string, env: Record<string, string>): Run {
  const { REDIS_URL: _r, DATABASE_URL: _d, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('ts-node/register/transpile-only'), join(ROOT, 'example/main.ts')],
    { cwd, env: { ...inherited, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env }, stdio: 'pipe' },
  );
  started.push(child);
  let output = '';
  const outcome = new Promise<number | 'ready'>((resolve) => {
    const take = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Lab app on http')) resolve('ready');
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => resolve(code ?? -1));
  });
  return { child, output: () => output, outcome };
}

describe('npm start on a newcomer machine: Redis (the real example app process)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lab-webhooks-start-'))));
  afterEach(async () => {
    // A case that failed by hanging leaves its app behind (and the app its Redis): not past this file.
    await Promise.all(started.splice(0).map((child) => stopProcess(child, 'SIGKILL')));
    const pidFile = join(dir, 'data/redis/redis.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('REDIS_URL unset, redis-server installed: a private Redis under ./data/redis that the app uses, stopped with it', async () => {
    const receiver = await Receiver.start();
    const port = await freePort();
    const run = npmStart(dir, { PORT: String(port) });
    try {
      expect(await run.outcome).toBe('ready');
      const url = PRIVATE_LINE.exec(run.output())?.[1];
      expect(url).toBeDefined();
      expect(await redisProblem(url!)).toBeNull();
      expect(existsSync(join(dir, 'data/redis/redis.pid'))).toBe(true);
      // Deliveries go through its queue.
      const http = request(`http://127.0.0.1:${port}`);
      const sub = await http
        .post('/webhooks/subscriptions')
        .set(ADMIN)
        .send({ url: receiver.url(), events: ['report_signed'] });
      expect(sub.status).toBe(201);
      expect((await http.post('/lab/events/report_signed').set(ADMIN).send({ reportId: 'R-1' })).status).toBe(202);
      await receiver.waitFor(1);
      await stopProcess(run.child, 'SIGTERM');
      expect(await redisProblem(url!, 1000)).not.toBeNull();
      expect(existsSync(join(dir, 'data/redis/dump.rdb'))).toBe(true); // its snapshot, written on the way out
      expect(run.output()).not.toMatch(/ECONNREFUSED|Connection is closed/); // Redis went last
    } finally {
      await stopProcess(run.child, 'SIGKILL');
      await receiver.close();
    }
  });

  it('a private Redis left by an app killed with SIGKILL is stopped by the next npm start', async () => {
    const first = npmStart(dir, { PORT: String(await freePort()) });
    expect(await first.outcome).toBe('ready');
    const leftover = Number(readFileSync(join(dir, 'data/redis/redis.pid'), 'utf8'));
    await stopProcess(first.child, 'SIGKILL');
    const alive = (pid: number) => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    expect(alive(leftover)).toBe(true);
    const second = npmStart(dir, { PORT: String(await freePort()) });
    try {
      expect(await second.outcome).toBe('ready');
      expect(alive(leftover)).toBe(false);
    } finally {
      await stopProcess(second.child, 'SIGTERM');
      if (alive(leftover)) process.kill(leftover, 'SIGKILL');
    }
  });

  it('REDIS_URL unset and no redis-server on PATH: exits 1 saying how to get Redis, before Nest starts', async () => {
    const run = npmStart(dir, { PATH: dir });
    expect(await run.outcome).toBe(1);
    expect(run.output()).toContain('No Redis: REDIS_URL is not set and redis-server is not on PATH');
    expect(run.output()).toContain('apt-get install -y redis-server');
    expect(run.output()).not.toContain('Starting Nest application');
    expect(existsSync(join(dir, 'data/redis'))).toBe(false);
  });

  it('REDIS_URL on a closed port: exits 1 naming the URL (password hidden) and how to get Redis', async () => {
    const closed = await freePort();
    const run = npmStart(dir, { REDIS_URL: `redis://:pw-hidden@127.0.0.1:${closed}` });
    expect(await run.outcome).toBe(1);
    expect(run.output()).toContain(
      `Redis is not reachable at redis://:***@127.0.0.1:${closed} (REDIS_URL; ECONNREFUSED)`,
    );
    expect(run.output()).toContain('apt-get install -y redis-server');
    expect(run.output()).not.toContain('pw-hidden');
    expect(run.output()).not.toContain('Starting Nest application');
  });

  it('REDIS_URL on a port that accepts and never answers: exits 1 too (no silent hang)', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    try {
      const run = npmStart(dir, { REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(await run.outcome).toBe(1);
      expect(run.output()).toContain(
        `Redis is not reachable at redis://127.0.0.1:${port} (REDIS_URL; no answer in 3000 ms)`,
      );
    } finally {
      silent.close();
    }
  });
});
