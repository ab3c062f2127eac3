import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import Redis from 'ioredis';
import { waitUntil } from './wait';

/** A Redis server of its own on a free port, for a test whose app uses Bull's default prefix. */
export async function startPrivateRedis(): Promise<{ url: string; stop(): void }> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil(async () => {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const up = await client.connect().then(
      () => true,
      () => false,
    );
    client.disconnect();
    return up;
  }, 'private redis');
  return { url, stop: () => server.kill('SIGKILL') };
}
