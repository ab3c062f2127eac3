import { ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { waitUntil } from './wait';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * The lowest versions of every peer the package supports (package.json `peerDependencies`):
 * the throw-away host installs exactly these, so a use of anything newer fails here.
 */
export const LOWEST_SUPPORTED_HOST = {
  '@nestjs/bull': '10.0.0',
  '@nestjs/common': '10.0.0',
  '@nestjs/core': '10.0.0',
  '@nestjs/event-emitter': '2.0.0',
  '@nestjs/platform-express': '10.0.0',
  '@nestjs/swagger': '7.0.0',
  '@nestjs/typeorm': '10.0.0',
  bull: '4.10.0',
  'class-transformer': '0.5.1',
  'class-validator': '0.14.0',
  'reflect-metadata': '0.1.13',
  rxjs: '7.2.0',
  typeorm: '0.3.17',
  mysql2: '3.24.6',
};

/** The README's host module (the block after the `host-app: app.module.ts` marker), as written. */
export function readmeHostModule(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- host-app: app\.module\.ts[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no host-app: app.module.ts block');
  return match[1];
}

/**
 * Packs the package (`npm pack`, which builds it), and installs the tarball from a fresh host
 * folder beside the lowest supported peers, from the registry. The README's module and the
 * host's entry point are written beside it, as JavaScript.
 */
export async function installPackedHost(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-webhooks-host-'));
  const packed = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, maxBuffer: 1 << 24 });
  const tarball = packed.stdout.trim().split('\n').pop()!;
  const manifest = {
    name: 'throw-away-lab-host',
    private: true,
    dependencies: { ...LOWEST_SUPPORTED_HOST, 'lab-webhooks': `file:./${tarball}` },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, maxBuffer: 1 << 24 });
  const compiled = ts.transpileModule(readmeHostModule(), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2021,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  writeFileSync(join(dir, 'app.module.js'), compiled.outputText);
  copyFileSync(join(__dirname, 'host-app', 'main.js'), join(dir, 'main.js'));
  return dir;
}

/** Runs a command in the host folder (e.g. the package's bin through `npx`). */
export function runIn(dir: string, command: string, args: string[], env: Record<string, string> = {}) {
  return run(command, args, { cwd: dir, env: { ...process.env, ...env } });
}

/** What `npm ls` finds of a package in the host: every installed copy's path. */
export async function installedCopies(dir: string, name: string): Promise<string[]> {
  const ls = await run('npm', ['ls', name, '--all', '--parseable'], { cwd: dir });
  return [...new Set(ls.stdout.trim().split('\n').filter(Boolean))];
}

/** The host app, running in its own process, driven through its stdin. */
export class HostProcess {
  readonly output: string[] = [];
  private readonly messages: Record<string, unknown>[] = [];
  private readonly child: ChildProcess;
  port = 0;

  constructor(dir: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['main.js'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'pipe' });
    let pending = '';
    const collect = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        this.output.push(line);
        if (line.startsWith('@@ ')) this.messages.push(JSON.parse(line.slice(3)));
      }
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
  }

  /** Resolves with the first message (after `from`) that has `key`; an `error` message fails. */
  async next(key: string, from = 0, timeoutMs = 60_000): Promise<any> {
    const found = await waitUntil(
      () => {
        if (this.child.exitCode !== null) throw new Error(`host exited:\n${this.output.join('\n')}`);
        const error = this.messages.slice(from).find((m) => 'error' in m);
        if (error) throw new Error(`host: ${error.error}`);
        return this.messages.slice(from).find((m) => key in m);
      },
      `host message "${key}"`,
      timeoutMs,
    );
    return found[key];
  }

  async send(command: Record<string, unknown>, answer: string): Promise<any> {
    const from = this.messages.length;
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    return this.next(answer, from);
  }

  async start(): Promise<void> {
    this.port = await this.next('ready', 0, 120_000);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.write(`${JSON.stringify({ close: true })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
