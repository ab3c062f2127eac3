import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './support/example-process';

/**
 * `npm test` without MariaDB or Redis: jest itself, in a child process, against a closed port.
 * The child is pointed at this file; inside the child the cases skip themselves, so a broken
 * check shows up as a child run that passes, never as a recursion.
 */
const IN_CHILD = process.env.LAB_WEBHOOKS_SERVICES_CHECK_CHILD === '1';
const ROOT = join(__dirname, '..');

async function runJest(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/jest/bin/jest.js'), 'test/services-check.e2e-spec.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, LAB_WEBHOOKS_SERVICES_CHECK_CHILD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

(IN_CHILD ? describe.skip : describe)('npm test with a service missing (jest in a child process)', () => {
  let closed: number;
  beforeAll(async () => (closed = await freePort()));

  it('no MariaDB: stops with one message naming the URL and how to start it, and runs no test', async () => {
    const { code, output } = await runJest({ DATABASE_URL: `mysql://root:pw-hidden@127.0.0.1:${closed}/test` });
    expect(code).toBe(1);
    expect(output).toContain(
      `MariaDB/MySQL is not reachable at mysql://root:***@127.0.0.1:${closed}/test (ECONNREFUSED)`,
    );
    expect(output).toContain('start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd');
    expect(output).not.toContain('pw-hidden');
    expect(output).not.toMatch(/Redis is not reachable/);
    expect(output).not.toMatch(/Tests:/); // jest never got to run a spec
  });

  it('no Redis: stops with one message naming the URL and how to start it, and runs no test', async () => {
    const { code, output } = await runJest({ REDIS_URL: `redis://127.0.0.1:${closed}` });
    expect(code).toBe(1);
    expect(output).toContain(`Redis is not reachable at redis://127.0.0.1:${closed} (ECONNREFUSED)`);
    expect(output).toContain('redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379');
    expect(output).not.toMatch(/MariaDB\/MySQL is not reachable/);
    expect(output).not.toMatch(/Tests:/);
  });

  it('neither: one message naming both', async () => {
    const { code, output } = await runJest({
      DATABASE_URL: `mysql://root@127.0.0.1:${closed}/test`,
      REDIS_URL: `redis://127.0.0.1:${closed}`,
    });
    expect(code).toBe(1);
    expect(output.match(/no test was run/g)).toHaveLength(1);
    expect(output).toMatch(/MariaDB\/MySQL is not reachable[^]*Redis is not reachable/);
  });

  it('a port that accepts connections and never answers (another program on it): stops too, naming both', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    try {
      const { code, output } = await runJest({
        DATABASE_URL: `mysql://root@127.0.0.1:${port}/test`,
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      expect(code).toBe(1);
      expect(output).toContain(`MariaDB/MySQL is not reachable at mysql://root@127.0.0.1:${port}/test`);
      expect(output).toContain(`Redis is not reachable at redis://127.0.0.1:${port}`);
    } finally {
      silent.close();
      silent.unref();
    }
  });

  it('both reachable: the run goes on to the specs', async () => {
    const { code, output } = await runJest({});
    expect(output).not.toMatch(/not reachable/);
    expect(output).toMatch(/Tests: +\d+ skipped/);
    expect(code).toBe(0);
  });
});
