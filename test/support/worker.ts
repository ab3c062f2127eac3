import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { WebhooksModuleOptions } from '../../src';
import { REDIS_URL } from './env';
import type { TestApp } from './test-app';

/**
 * The environment of a worker process (test/support/worker-process.ts) that delivers for
 * `app`: its database, Bull prefix and encryption key, and these module options.
 */
export function workerEnv(app: TestApp, options: Partial<WebhooksModuleOptions> = {}): Record<string, string> {
  return {
    DATABASE_URL: app.databaseUrl,
    REDIS_URL,
    BULL_PREFIX: app.bullPrefix,
    WEBHOOKS_ENCRYPTION_KEY: app.encryptionKey,
    WEBHOOKS_OPTIONS: JSON.stringify(options),
  };
}

/** Starts test/support/worker-process.ts in a child process; resolves once it takes jobs. */
export async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'worker-process.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start in 60 s')), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

/** Stops a worker: SIGTERM (graceful) or SIGKILL (a crash); resolves when it is gone. */
export function stopWorker(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
