import { ChildProcess, spawn } from 'node:child_process';
import { waitUntil } from './wait';

/** The host app, running in its own process, driven through its stdin. */
export class HostProcess {
  readonly output: string[] = [];
  private readonly messages: Record<string, unknown>[] = [];
  private readonly child: ChildProcess;
  port = 0;

  constructor(dir: string, env: Record<string, string>, entry = 'dist/main.js') {
    this.child = spawn(process.execPath, [entry], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
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
